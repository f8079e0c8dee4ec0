from django.urls import path

from .views import grids, home, interviews, panels, rankings

app_name = "selection"
urlpatterns = [
    # Panels, interviews, jury grids and rankings.
    path("", home.home, name="home"),
    path("appels/<slug:slug>/jurys/nouveau/", panels.panel_create, name="panel_create"),
    path("jurys/<int:pk>/", panels.panel_detail, name="panel_detail"),
    path("jurys/<int:pk>/modifier/", panels.panel_edit, name="panel_edit"),
    path("jurys/<int:pk>/mentors/", panels.panel_add_mentors, name="panel_add_mentors"),
    path("jurys/<int:pk>/supprimer/", panels.panel_delete, name="panel_delete"),
    path("jurys/<int:pk>/cv.zip", panels.panel_cvs, name="panel_cvs"),
    path("appels/<slug:slug>/auditions/nouvelle/", interviews.slot_create, name="slot_create"),
    path("auditions/<int:pk>/modifier/", interviews.slot_edit, name="slot_edit"),
    path("auditions/<int:pk>/annuler/", interviews.slot_cancel, name="slot_cancel"),
    path("auditions/<int:pk>/verrouiller/", interviews.slot_lock, name="slot_lock"),
    path("auditions/<int:pk>/inviter/", interviews.slot_invite, name="slot_invite"),
    path("jurys/<int:pk>/invitations/", interviews.panel_invitations, name="panel_invitations"),
    path(
        "appels/<slug:slug>/auditions/<str:day>/invitations/",
        interviews.day_invitations,
        name="day_invitations",
    ),
    path("auditions/<int:pk>/reponse/", interviews.interview_respond, name="interview_respond"),
    path("auditions/<int:pk>/grille/", grids.interview_grid, name="interview_grid"),
    path("appels/<slug:slug>/classements/", rankings.ranking_index, name="rankings"),
    path("appels/<slug:slug>/classement/", rankings.ranking, name="ranking"),
    path(
        "appels/<slug:slug>/classements/export.<str:fmt>",
        rankings.ranking_export,
        name="ranking_export",
    ),
    # Decisions (another module) follow.
]

# Decisions ------------------------------------------------------------------------------
# Staging (team), validation (director), preview and sending, outbox, publication.
from .views import decisions as decision_views  # noqa: E402

urlpatterns += [
    path("decisions/", decision_views.decisions, name="decisions"),
    path("decisions/validation/", decision_views.validation, name="validation"),
    path(
        "decisions/<int:pk>/renvoyer/",
        decision_views.return_to_team,
        name="decision_return",
    ),
    path("decisions/envoi/", decision_views.preview, name="decision_preview"),
    path("decisions/courriels/", decision_views.outbox, name="decision_outbox"),
    path("decisions/candidatures/<int:pk>/", decision_views.stage, name="decision_stage"),
    path(
        "decisions/candidatures/<int:pk>/annuler/",
        decision_views.unstage,
        name="decision_unstage",
    ),
    path(
        "decisions/appels/<slug:slug>/propositions/",
        decision_views.stage_proposals,
        name="decision_stage_proposals",
    ),
    path(
        "decisions/appels/<slug:slug>/cochees/",
        decision_views.stage_chosen,
        name="decision_stage_chosen",
    ),
    path(
        "decisions/appels/<slug:slug>/non-retenues/",
        decision_views.stage_rest,
        name="decision_stage_rest",
    ),
    path("decisions/appels/<slug:slug>/envoyer/", decision_views.send, name="decision_send"),
    path(
        "decisions/appels/<slug:slug>/courriels/renvoyer/",
        decision_views.retry,
        name="decision_retry",
    ),
    path("decisions/appels/<slug:slug>/publier/", decision_views.publish, name="decision_publish"),
]

# Matching -------------------------------------------------------------------------------
# Who joins which défi: runs of the matching engine, the team's constraints, staging.
from .views import matching as matching_views  # noqa: E402

urlpatterns += [
    path("appariement/", matching_views.matching, name="matching"),
    path(
        "appariement/appels/<slug:slug>/calculer/",
        matching_views.run,
        name="matching_run",
    ),
    path(
        "appariement/appels/<slug:slug>/places/",
        matching_views.seats,
        name="matching_seats",
    ),
    path(
        "appariement/appels/<slug:slug>/contraintes/",
        matching_views.constraint_set,
        name="matching_constraint_set",
    ),
    path(
        "appariement/appels/<slug:slug>/contraintes/<int:pk>/retirer/",
        matching_views.constraint_clear,
        name="matching_constraint_clear",
    ),
    path(
        "appariement/calculs/<int:pk>/decisions/",
        matching_views.stage,
        name="matching_stage",
    ),
]

# Scheduling -----------------------------------------------------------------------------
# Automatic interview scheduling (team): runs, apply, invitations, unavailabilities;
# and the candidate's half-day unavailabilities.
from .views import scheduling as scheduling_views  # noqa: E402

urlpatterns += [
    path("planification/", scheduling_views.scheduling, name="scheduling"),
    path("planification/calculer/", scheduling_views.scheduling_run, name="scheduling_run"),
    path(
        "planification/calculs/<int:pk>/appliquer/",
        scheduling_views.scheduling_apply,
        name="scheduling_apply",
    ),
    path(
        "planification/invitations/",
        scheduling_views.scheduling_invite,
        name="scheduling_invite",
    ),
    path(
        "planification/indisponibilites/",
        scheduling_views.unavailability_add,
        name="scheduling_unavailability_add",
    ),
    path(
        "planification/indisponibilites/<int:pk>/supprimer/",
        scheduling_views.unavailability_delete,
        name="scheduling_unavailability_delete",
    ),
    # The candidate's own half-days, from their interview page.
    path(
        "auditions/<int:pk>/indisponibilites/",
        scheduling_views.candidate_unavailability,
        name="interview_unavailability",
    ),
]
