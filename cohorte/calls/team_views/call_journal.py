"""The journal of a call: its own audit entries, the direction's exceptions first of all."""

from django.shortcuts import get_object_or_404, render

from cohorte.audit.domain import history

from ..models import Call
from .access import team_required
from .journal import describe_entry


@team_required
def call_journal(request, call_id):
    """What happened to the call itself (exceptions with their reason, publications)."""
    call = get_object_or_404(Call.objects.select_related("cohort"), pk=call_id)
    entries = history(call).order_by("-created_at", "-id")
    return render(
        request,
        "team/call_journal.html",
        {"call": call, "journal": [describe_entry(entry) for entry in entries]},
    )
