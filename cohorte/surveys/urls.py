"""Exit surveys: the team's pages under the cohort, the respondent's personal link."""

from django.urls import path

from . import views

app_name = "surveys"
base = "gestion/promotions/<int:cohort_id>/questionnaires/"
one = base + "<int:survey_id>/"
urlpatterns = [
    path("gestion/questionnaires/", views.home, name="home"),
    path(base, views.cohort_surveys, name="list"),
    path(base + "nouveau/", views.survey_new, name="new"),
    path(one, views.survey, name="survey"),
    path(one + "questions/nouvelle/", views.question_form, name="question_new"),
    path(one + "questions/<int:question_id>/", views.question_form, name="question"),
    path(one + "questions/<int:question_id>/deplacer/", views.question_move, name="question_move"),
    path(
        one + "questions/<int:question_id>/supprimer/",
        views.question_remove,
        name="question_remove",
    ),
    path(one + "apercu/", views.preview, name="preview"),
    path(one + "envoyer/", views.send, name="send"),
    path(one + "relancer/", views.remind, name="remind"),
    path(one + "resultats/", views.survey_results, name="results"),
    path(one + "export/<str:what>/<str:fmt>/", views.export, name="export"),
    path("questionnaires/<str:secret>/", views.answer, name="answer"),
]
