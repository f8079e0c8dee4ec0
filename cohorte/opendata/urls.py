"""/donnees/: the open data package."""

from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.package_page, name="package"),
    path("<str:name>", views.download, name="download"),
]
