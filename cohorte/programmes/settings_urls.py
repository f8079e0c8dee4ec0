"""The programme's settings page (/gestion/parametres/)."""

from django.urls import path

from . import settings_views

app_name = "programme_settings"
urlpatterns = [
    path("", settings_views.edit, name="edit"),
    path("apercu/", settings_views.preview, name="preview"),
]
