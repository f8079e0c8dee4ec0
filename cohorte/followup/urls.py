"""The follow-up of the défis: their pages (/suivi/) and the team's dashboard of a cohort."""

from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("suivi/", views.home, name="home"),
    path("gestion/promotions/<int:cohort_id>/suivi/", views.cohort_dashboard, name="dashboard"),
    path("suivi/defis/<int:challenge_id>/", views.challenge, name="challenge"),
    path(
        "suivi/defis/<int:challenge_id>/points/nouveau/", views.check_in_form, name="check_in_new"
    ),
    path(
        "suivi/defis/<int:challenge_id>/points/<int:check_in_id>/",
        views.check_in_form,
        name="check_in",
    ),
    path(
        "suivi/defis/<int:challenge_id>/actions/<int:action_id>/faite/",
        views.action_done,
        name="action_done",
    ),
    path(
        "suivi/defis/<int:challenge_id>/jalons/nouveau/", views.milestone_form, name="milestone_new"
    ),
    path(
        "suivi/defis/<int:challenge_id>/jalons/<int:milestone_id>/",
        views.milestone_form,
        name="milestone",
    ),
    path(
        "suivi/defis/<int:challenge_id>/jalons/<int:milestone_id>/publier/",
        views.milestone_publish,
        name="milestone_publish",
    ),
    path("suivi/defis/<int:challenge_id>/indicateurs/", views.figures, name="figures"),
    path(
        "suivi/defis/<int:challenge_id>/indicateurs/publier/",
        views.figure_publish,
        name="figure_publish",
    ),
]
