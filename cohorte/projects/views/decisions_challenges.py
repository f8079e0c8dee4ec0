"""What follows the decisions on a call for projects (team): the défis created from the
selected proposals, their publication on the announcement date, and the exports (the
transfer decree, the list of selected défis).

Access: anonymous visitors go to the login page; signed-in users outside the team get 403.
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cohorte.calls import guards
from cohorte.calls.exports import FORMATS, ExportError, download_response, file_stem
from cohorte.challenges.models import Challenge
from cohorte.people.models import Role
from cohorte.reviews.exclusions import hidden_count, without_conflicts
from cohorte.selection.decisions import DecisionError
from cohorte.selection.models import Seat

from .. import exports
from ..publication import publish_projects
from .decisions import back, project_call, team_required

EXPORTS = {
    "arrete": (exports.DECREE_COLUMNS, exports.decree_rows, "arrete-de-transfert"),
    "defis": (exports.CHALLENGE_COLUMNS, exports.challenge_rows, "defis-retenus"),
}


def _challenges(call, user):
    roles = Role.objects.select_related("person").order_by("kind", "person__full_name", "pk")
    return list(
        without_conflicts(Challenge.objects.filter(proposal__call=call), user, "proposal")
        .select_related("host_organisation", "funding_organisation", "proposal")
        .prefetch_related(
            "partner_organisations",
            "calls",
            Prefetch("seat_allocations", queryset=Seat.objects.select_related("profile")),
            Prefetch("roles", queryset=roles),
        )
        .order_by("title", "pk")
    )


def _page(request, call, error=None, status=200):
    context = {
        "call": call,
        "challenges": _challenges(call, request.user),
        "hidden": hidden_count(
            Challenge.objects.filter(proposal__call=call), request.user, "proposal"
        ),
        "proposals": True,
        "formats": FORMATS,
        "announced": call.results_public(),
        "error": error,
        "precondition": guards.precondition(
            guards.PUBLICATION, guards.publication_missing(call), request.user
        ),
    }
    return render(request, "projects/decisions/challenges.html", context, status=status)


@team_required
def challenges(request, call_id):
    """The défis created from the call's selected proposals, their publication, the exports."""
    return _page(request, project_call(call_id))


@require_POST
@team_required
def publish(request, call_id):
    """Publish the call's défis now that the announcement date has passed."""
    call = project_call(call_id)
    try:
        count = publish_projects(
            call, timezone.now(), actor=request.user, exception=request.POST.get("exception")
        )
    except DecisionError as exc:
        messages.error(request, str(exc))
    else:
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)d défi publié sur le site public.",
                    "%(count)d défis publiés sur le site public.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("Aucun défi à publier : ils sont déjà publics."))
    return redirect(back(call, "project_decisions:challenges"))


@team_required
def export(request, call_id, kind, fmt):
    """The transfer decree or the list of selected défis, as CSV, French Excel CSV, XLSX or ODS."""
    call = project_call(call_id)
    if kind not in EXPORTS:
        raise Http404
    spec, rows, stem = EXPORTS[kind]
    if kind == "defis":
        data = rows(call, settings.SITE_URL, user=request.user)
    else:
        data = rows(call, user=request.user)
    try:
        return download_response(exports.columns(spec), data, fmt, file_stem(stem, call))
    except ExportError:
        error = _("Format d'export inconnu : choisissez %(formats)s.") % {
            "formats": ", ".join(FORMATS.values())
        }
        return _page(request, call, error, status=400)
