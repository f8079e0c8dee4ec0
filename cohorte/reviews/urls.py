from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.home, name="home"),
    path("candidatures/<int:pk>/", views.review, name="review"),
    path("candidatures/<int:pk>/conflit/", views.declare_conflict, name="declare_conflict"),
    path(
        "candidatures/<int:pk>/fichiers/<int:file_pk>/",
        views.application_file,
        name="application_file",
    ),
    path("appels/<slug:slug>/preselection/", views.shortlist, name="shortlist"),
    path("appels/<slug:slug>/export.<str:fmt>", views.export, name="export"),
]
