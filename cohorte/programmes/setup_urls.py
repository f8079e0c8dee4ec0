"""The first-run setup's address."""

from django.urls import path

from . import setup_views

app_name = "setup"
urlpatterns = [path("", setup_views.setup_page, name="page")]
