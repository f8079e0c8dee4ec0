"""The team's editor of e-mail templates (mounted under /gestion/modeles/)."""

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.template_list, name="templates"),
    path("<slug:key>/", views.template_edit, name="template_edit"),
    path("<slug:key>/retablir/", views.template_reset, name="template_reset"),
]
