"""The programme template's addresses, under /gestion/parametres/modele/."""

from django.urls import path

from . import template_views

app_name = "programme_template"
urlpatterns = [
    path("", template_views.template_page, name="page"),
    path("telecharger/", template_views.template_download, name="download"),
    path("importer/", template_views.template_import, name="import"),
]
