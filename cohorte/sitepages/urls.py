"""The team's editors of the site's pages and of the FAQ."""

from django.urls import path

from . import faq_views, views

app_name = "sitepages"
question = "gestion/faq/<int:entry_id>/"
urlpatterns = [
    path("gestion/pages/", views.page_list, name="page_list"),
    path("gestion/pages/nouvelle/", views.page_new, name="page_new"),
    path("gestion/pages/apercu/", views.page_preview, name="page_preview"),
    path("gestion/pages/<int:page_id>/", views.page_edit, name="page_edit"),
    path("gestion/pages/legales/<slug:slug>/", views.legal_edit, name="legal_edit"),
    path("gestion/faq/", faq_views.faq_list, name="faq_list"),
    path("gestion/faq/nouvelle/", faq_views.faq_new, name="faq_new"),
    path("gestion/faq/apercu/", faq_views.faq_preview, name="faq_preview"),
    path(question, faq_views.faq_edit, name="faq_edit"),
    path(question + "monter/", faq_views.faq_up, name="faq_up"),
    path(question + "descendre/", faq_views.faq_down, name="faq_down"),
    path(question + "supprimer/", faq_views.faq_delete, name="faq_delete"),
]
