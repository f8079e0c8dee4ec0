"""The alumni pages: a fellow's own path, the team's list, the directory, the public page."""

from django.urls import path

from . import views

app_name = "alumni"
urlpatterns = [
    path("mon-espace/parcours/", views.mine, name="mine"),
    path("gestion/alumni/", views.team_list, name="team_list"),
    path("gestion/alumni/<int:person_id>/", views.team_fellow, name="team_fellow"),
    path("communaute/alumni/", views.directory, name="directory"),
    path("que-sont-ils-devenus/", views.public_page, name="public"),
]
