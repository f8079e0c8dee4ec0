"""Recruitment of the fellows: the team's pages (/gestion/promotions/) and the fellow pages
that the host administrations and the team share (/recrutement/)."""

from django.urls import path

from .views import cofunding, host, mentors, team

app_name = "recruitment"
urlpatterns = [
    path("gestion/promotions/", team.cohorts, name="cohorts"),
    path("gestion/promotions/<int:cohort_id>/recrutement/", team.cohort, name="cohort"),
    path(
        "gestion/promotions/<int:cohort_id>/places-vacantes/",
        team.vacant_seat,
        name="vacant_seat",
    ),
    path("gestion/promotions/<int:cohort_id>/etapes-arrivee/", team.items, name="items"),
    path(
        "gestion/promotions/<int:cohort_id>/etapes-arrivee/<int:item_id>/retirer/",
        team.item_remove,
        name="item_remove",
    ),
    path("gestion/promotions/<int:cohort_id>/mentors/", mentors.mentors, name="mentors"),
    path(
        "gestion/promotions/<int:cohort_id>/cofinancement/",
        cofunding.cohort_cofunding,
        name="cofunding",
    ),
    path(
        "gestion/promotions/<int:cohort_id>/cofinancement/arrete.<str:fmt>",
        cofunding.cofunding_export,
        name="cofunding_export",
    ),
    path("recrutement/", host.fellow_list, name="fellows"),
    path("recrutement/eig/<int:pk>/", host.fellow, name="fellow"),
    path("recrutement/eig/<int:pk>/contrat/", host.contract, name="contract"),
    path("recrutement/eig/<int:pk>/arrivee/", host.checklist, name="checklist"),
    path("recrutement/eig/<int:pk>/depart/", host.departure, name="departure"),
]
