"""The end of programme: the team's pages under /gestion/, the défis' teams' under /mon-espace/,
the mentors' personal follow-up links."""

from django.urls import path

from . import views

app_name = "outcomes"
team = "gestion/fin-de-programme/"
urlpatterns = [
    path(team, views.cohorts, name="cohorts"),
    path("gestion/promotions/<int:cohort_id>/fin-de-programme/", views.cohort, name="cohort"),
    path(team + "defis/<int:challenge_id>/", views.challenge, name="challenge"),
    path(team + "defis/<int:challenge_id>/resultat/", views.result, name="result"),
    path(team + "defis/<int:challenge_id>/perennisation/", views.sustainment, name="sustainment"),
    path(
        team + "defis/<int:challenge_id>/suivis/<int:follow_up_id>/envoyer/",
        views.resend,
        name="resend",
    ),
    path("mon-espace/defis/", views.mine, name="mine"),
    path("mon-espace/defis/<int:challenge_id>/livrables/", views.deliverables, name="deliverables"),
    path(
        "mon-espace/defis/<int:challenge_id>/suivis/<int:follow_up_id>/",
        views.mentor_answer,
        name="mentor_answer",
    ),
    path("suivi-perennisation/<str:token>/", views.answer, name="answer"),
]
