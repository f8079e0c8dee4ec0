"""The défi jury: pool, panels, auditions, grids, verdicts, consolidation (/jurys/defis/)."""

from django.urls import path

from .views import jury, jury_composition, jury_consolidation, jury_panels

app_name = "defi_jury"
urlpatterns = [
    path("", jury.home, name="home"),
    # The team: pool, composition, panels in place, convocations, consolidation.
    path("<int:call_id>/jures/", jury.pool, name="pool"),
    path("<int:call_id>/jures/<int:pk>/retirer/", jury.pool_remove, name="pool_remove"),
    path("<int:call_id>/jures/inviter/", jury.pool_invite, name="pool_invite"),
    path(
        "<int:call_id>/jures/invitations/<int:pk>/annuler/",
        jury.pool_invitation_cancel,
        name="pool_invitation_cancel",
    ),
    path("<int:call_id>/composition/", jury_composition.composition, name="composition"),
    path(
        "<int:call_id>/composition/calculer/",
        jury_composition.composition_run,
        name="composition_run",
    ),
    path(
        "<int:call_id>/composition/calculs/<int:run_id>/appliquer/",
        jury_composition.composition_apply,
        name="composition_apply",
    ),
    path(
        "<int:call_id>/indisponibilites/",
        jury_composition.unavailability_add,
        name="unavailability_add",
    ),
    path(
        "<int:call_id>/indisponibilites/<int:pk>/supprimer/",
        jury_composition.unavailability_delete,
        name="unavailability_delete",
    ),
    path("<int:call_id>/convocations/", jury_composition.invite, name="invite"),
    path(
        "<int:call_id>/consolidation/",
        jury_consolidation.consolidation_page,
        name="consolidation",
    ),
    path(
        "<int:call_id>/consolidation/export.<str:fmt>",
        jury_consolidation.consolidation_export,
        name="consolidation_export",
    ),
    path("auditions/<int:pk>/deplacer/", jury_composition.audition_move, name="audition_move"),
    path("auditions/<int:pk>/verrouiller/", jury_composition.audition_lock, name="audition_lock"),
    # The jurors' pages (the team reads them too).
    path("jurys/<int:panel_id>/", jury_panels.panel_page, name="panel"),
    path("jurys/<int:panel_id>/referent/", jury_composition.panel_referee, name="panel_referee"),
    path("jurys/<int:panel_id>/lieu/", jury_composition.panel_venue, name="panel_venue"),
    path("jurys/<int:panel_id>/avis/", jury_panels.panel_verdicts, name="verdicts"),
    path("jurys/<int:panel_id>/defis/<int:proposal_id>/", jury_panels.defi_page, name="defi"),
    path(
        "jurys/<int:panel_id>/defis/<int:proposal_id>/commentaires/",
        jury_panels.defi_comment,
        name="defi_comment",
    ),
    path(
        "jurys/<int:panel_id>/defis/<int:proposal_id>/grille/",
        jury_panels.defi_grid,
        name="defi_grid",
    ),
    path("defis/<int:pk>/fichiers/<int:file_id>/", jury_panels.defi_file, name="file"),
]
