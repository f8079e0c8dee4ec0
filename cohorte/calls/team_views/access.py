"""Who may use the team's back office: the programme team, and per application no conflict."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from cohorte.accounts.decorators import team_required  # noqa: F401  (used by the views)

from ..models import Application, Call


def get_call(call_id: int) -> Call:
    """A call for applications, or a 404."""
    return get_object_or_404(
        Call.objects.select_related("cohort"), pk=call_id, kind=Call.Kind.APPLICATIONS
    )


def get_application(request, pk: int) -> Application:
    """An application this team member may see (no declared conflict), or a 404/403."""
    application = get_object_or_404(
        Application.objects.select_related("call", "call__cohort", "round", "candidate"), pk=pk
    )
    if not request.user.has_perm("calls.view_application", application):
        raise PermissionDenied
    return application
