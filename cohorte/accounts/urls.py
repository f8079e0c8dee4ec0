from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("mes-donnees/", views.data, name="data"),
    path("mes-donnees/telechargement/", views.data_download, name="data_download"),
    path("mes-donnees/suppression/", views.delete, name="delete"),
]
