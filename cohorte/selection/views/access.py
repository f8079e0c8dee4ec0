"""Who may open what in the jury area.

Anonymous visitors are sent to the login page. A signed-in user without the role gets
403 on area pages (the home, the team's forms); on a URL naming a panel, an interview
or an application they may not see at all, 404 (nothing leaks); on one they may see
but not change (a juror on their panel's edit page), 403.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from cohorte.accounts.decorators import team_required  # noqa: F401  (used by the views)
from cohorte.accounts.roles import is_team, panel_ids
from cohorte.calls.models import Call
from cohorte.reviews.exclusions import is_excluded

from ..models import InterviewSlot, Panel


def jury_area(view):
    """The team and jury members (403 for other signed-in users)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (is_team(request.user) or panel_ids(request.user, "applications")):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def application_calls():
    """Calls for applications that have a page, newest first."""
    return Call.objects.filter(kind=Call.Kind.APPLICATIONS).order_by("-opens_at")


def chosen_call(request) -> tuple[Call | None, list[Call]]:
    """The call named by ``?appel=`` (404 if unknown), else the newest; and all of them."""
    calls = list(application_calls())
    slug = request.GET.get("appel")
    if slug:
        for call in calls:
            if call.slug == slug:
                return call, calls
        raise Http404
    return (calls[0] if calls else None), calls


def application_call(slug) -> Call:
    """A call for applications by its slug, else 404."""
    return get_object_or_404(Call, slug=slug, kind=Call.Kind.APPLICATIONS)


def visible_panel(request, pk, manage: bool = False) -> Panel:
    """A panel the user may see (404 otherwise); with ``manage``, 403 unless team."""
    panel = get_object_or_404(Panel.objects.select_related("call", "referee"), pk=pk)
    if not request.user.has_perm("selection.view_panel", panel):
        raise Http404
    if manage and not request.user.has_perm("selection.manage_panels"):
        raise PermissionDenied
    return panel


def visible_slot(request, pk, manage: bool = False) -> InterviewSlot:
    """An interview the user may see through its panel (404 otherwise; 403 to change it)."""
    slot = get_object_or_404(
        InterviewSlot.objects.select_related(
            "panel__call", "application__candidate", "application__call", "challenge"
        ),
        pk=pk,
    )
    if not request.user.has_perm("selection.view_panel", slot.panel):
        raise Http404
    if is_excluded(request.user, slot.application):
        raise Http404
    if manage and not request.user.has_perm("selection.manage_panels"):
        raise PermissionDenied
    return slot
