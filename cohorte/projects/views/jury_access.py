"""Who may open what in the défi jury area (/jurys/defis/).

Anonymous visitors are sent to the login page. The team's pages (pool, composition,
consolidation) answer 403 to anyone else signed in. A URL naming a panel, a défi or an
audition answers 404 to whoever may not see it (another panel's juror, an
administration), so nothing leaks; 403 to a juror who sees it but may not change it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from cohorte.accounts.decorators import requires
from cohorte.accounts.roles import is_team, panel_ids
from cohorte.calls.models import Call
from cohorte.reviews.exclusions import is_excluded
from cohorte.selection.models import Panel

from ..models import Audition, Proposal

team_required = requires("projects.manage_proposals")


def project_call(call_id) -> Call:
    """A call for projects by its id, else 404."""
    return get_object_or_404(Call, pk=call_id, kind=Call.Kind.PROJECTS)


def jury_panel(request, panel_id, manage: bool = False) -> Panel:
    """A défi-jury panel the user sits on (or the team), else 404; ``manage``: 403 unless team."""
    panel = get_object_or_404(
        Panel.objects.select_related("call", "referee"),
        pk=panel_id,
        call__kind=Call.Kind.PROJECTS,
    )
    team = is_team(request.user)
    if not team and panel.pk not in panel_ids(request.user):
        raise Http404
    if manage and not team:
        raise PermissionDenied
    return panel


def panel_proposal(request, panel, proposal_id) -> Proposal:
    """One of the panel's défis that the user may judge (no conflict), else 404."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("call", "call__grid", "organisation", "round"),
        pk=proposal_id,
        panels=panel,
    )
    if not request.user.has_perm("projects.judge_proposal", proposal):
        raise Http404
    return proposal


def team_audition(request, pk) -> Audition:
    """An audition of a défi-jury panel (the views are the team's), else 404; 404 too for a
    défi the team member is kept away from (a conflict, their administration's)."""
    audition = get_object_or_404(
        Audition.objects.select_related("panel__call", "proposal__organisation", "proposal__call"),
        pk=pk,
        panel__call__kind=Call.Kind.PROJECTS,
    )
    if is_excluded(request.user, audition.proposal):
        raise Http404
    return audition
