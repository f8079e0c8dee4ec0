"""The programme team's back office for calls for applications, mounted at /gestion/."""

from django.urls import path

from .team_views import call_defaults, call_journal, dashboard, detail, export, listing, profiles
from .team_views import configuration as config

app_name = "team"
urlpatterns = [
    path("", dashboard.home, name="home"),
    path("appels/<int:call_id>/", dashboard.call_dashboard, name="call_dashboard"),
    path("appels/<int:call_id>/candidatures/", listing.application_list, name="application_list"),
    path("appels/<int:call_id>/candidatures/actions/", listing.bulk_action, name="bulk_action"),
    path("appels/<int:call_id>/export/", export.export, name="export"),
    path("appels/<int:call_id>/journal/", call_journal.call_journal, name="call_journal"),
    path("candidatures/<int:pk>/", detail.application_detail, name="application_detail"),
    path(
        "candidatures/<int:pk>/versions/<int:number>/",
        detail.application_version,
        name="application_version",
    ),
    path(
        "candidatures/<int:pk>/fichiers/<int:file_id>/",
        detail.application_file,
        name="application_file",
    ),
    path("candidatures/<int:pk>/notes/", detail.application_note, name="application_note"),
    path("candidatures/<int:pk>/messages/", detail.application_message, name="application_message"),
    path(
        "candidatures/<int:pk>/examen/", detail.application_screening, name="application_screening"
    ),
    path(
        "candidatures/<int:pk>/preselection/",
        detail.application_shortlist,
        name="application_shortlist",
    ),
    # Configuring calls of either kind (the Django admin stays for superusers).
    path("configuration/", config.call_list, name="config_calls"),
    path("configuration/nouvel-appel/", config.call_create, name="config_create"),
    path("configuration/reglages/", call_defaults.call_defaults_page, name="config_defaults"),
    path("configuration/profils/", profiles.profile_list, name="config_profiles"),
    path("configuration/profils/<int:profile_id>/", profiles.profile_edit, name="config_profile"),
    path("configuration/nouvelle-promotion/", config.cohort_create, name="config_cohort_create"),
    path("configuration/<int:call_id>/", config.call_settings, name="config_call"),
    path("configuration/<int:call_id>/dupliquer/", config.call_duplicate, name="config_duplicate"),
    path("configuration/<int:call_id>/sessions/", config.rounds, name="config_rounds"),
    path(
        "configuration/<int:call_id>/sessions/<int:round_id>/",
        config.round_edit,
        name="config_round",
    ),
    path(
        "configuration/<int:call_id>/sessions/<int:round_id>/supprimer/",
        config.round_delete,
        name="config_round_delete",
    ),
    path("configuration/<int:call_id>/questions/", config.questions, name="config_questions"),
    path(
        "configuration/<int:call_id>/questions/apercu/",
        config.question_preview,
        name="config_preview",
    ),
    path(
        "configuration/<int:call_id>/questions/<int:question_id>/",
        config.question_edit,
        name="config_question",
    ),
    path(
        "configuration/<int:call_id>/questions/<int:question_id>/deplacer/",
        config.question_move,
        name="config_question_move",
    ),
    path(
        "configuration/<int:call_id>/questions/<int:question_id>/supprimer/",
        config.question_delete,
        name="config_question_delete",
    ),
    path(
        "configuration/<int:call_id>/declarations/<int:statement_id>/",
        config.statement_edit,
        name="config_statement",
    ),
    path(
        "configuration/<int:call_id>/declarations/<int:statement_id>/supprimer/",
        config.statement_delete,
        name="config_statement_delete",
    ),
    path("configuration/<int:call_id>/grille/", config.grid, name="config_grid"),
    path(
        "configuration/<int:call_id>/grille/creer/", config.grid_create, name="config_grid_create"
    ),
    path(
        "configuration/<int:call_id>/grille/<int:criterion_id>/",
        config.criterion_edit,
        name="config_criterion",
    ),
    path(
        "configuration/<int:call_id>/grille/<int:criterion_id>/deplacer/",
        config.criterion_move,
        name="config_criterion_move",
    ),
    path(
        "configuration/<int:call_id>/grille/<int:criterion_id>/supprimer/",
        config.criterion_delete,
        name="config_criterion_delete",
    ),
    path("configuration/<int:call_id>/choix/", config.choices, name="config_choices"),
    path("configuration/<int:call_id>/appel-a-projets/", config.project, name="config_project"),
    path(
        "configuration/<int:call_id>/appel-a-projets/tranches/<int:band_id>/",
        config.band_edit,
        name="config_band",
    ),
    path(
        "configuration/<int:call_id>/appel-a-projets/tranches/<int:band_id>/supprimer/",
        config.band_delete,
        name="config_band_delete",
    ),
]
