"""The team's management of the EIG Link support fellows (/gestion/reseau/)."""

from django.urls import path

from . import link_views

app_name = "link"
urlpatterns = [
    path("", link_views.members, name="members"),
    path("<int:user_id>/retirer/", link_views.remove, name="remove"),
]
