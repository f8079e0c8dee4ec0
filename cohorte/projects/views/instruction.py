"""Pre-instruction lists (/instruction/): the calls for projects, a call's proposals, the
bulk shortlist and the export.

Access: anonymous visitors go to the login page; signed-in users who neither belong to
the team nor pre-instruct get a 403; the bulk actions and the export are the team's
(403 for a pre-instructor). A call that is not a call for projects is a 404.
"""

from functools import wraps
from itertools import islice
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte import programme_words as words
from cohorte.accounts.decorators import requires
from cohorte.accounts.roles import is_team
from cohorte.audit.domain import record
from cohorte.calls.exports import FORMATS, ExportError, download_response, file_stem
from cohorte.calls.models import Call
from cohorte.calls.steps import project_steps
from cohorte.calls.team_views import bulk
from cohorte.pagination import paginate

from .. import funding, instruction
from ..models import Proposal
from ..submitted import all_as_submitted
from .instruction_forms import BULK_ACTIONS, BulkForm, ProposalFilterForm

PER_PAGE = 50
# Proposals read at a time by the export.
EXPORT_CHUNK = 500
team_required = requires("projects.manage_proposals")


def instructor_required(view):
    """Signed-in team members and pre-instructors only (403 for other users)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not instruction.is_instructor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def get_call(call_id) -> Call:
    """A call for projects, or a 404."""
    return get_object_or_404(
        Call.objects.select_related("cohort", "grid"), pk=call_id, kind=Call.Kind.PROJECTS
    )


@instructor_required
def home(request):
    """The calls for projects with their proposals counted by status."""
    calls = instruction.instruction_calls(request.user)
    return render(
        request,
        "projects/instruction/home.html",
        {
            "calls": calls,
            "statuses": [(s, Proposal.Status(s).label) for s in instruction.LISTED_STATES],
            "is_team": is_team(request.user),
        },
    )


def _filter_form(request, call, data):
    always, after_own = instruction.scores_visibility(request.user, call)
    return ProposalFilterForm(call, data, scores=always or after_own)


def _profiles(proposals) -> dict[str, str]:
    from cohorte.challenges.models import Expertise

    slugs = {
        row.get("profile")
        for p in proposals
        for row in (p.data or {}).get("fellows") or []
        if isinstance(row, dict) and row.get("profile")
    }
    return dict(Expertise.objects.filter(slug__in=slugs).values_list("slug", "name"))


def _fellows(proposal, profiles) -> tuple[int, list[str]]:
    data = proposal.data or {}
    try:
        count = int(data.get("fellows_count") or 0)
    except (TypeError, ValueError):
        count = 0
    rows = [r for r in data.get("fellows") or [] if isinstance(r, dict)]
    names = [profiles.get(r.get("profile"), r.get("profile")) for r in rows if r.get("profile")]
    return count, names


def rows_of(proposals, user, call, rules) -> list[dict]:
    """One row per proposal: what the list and the export show (aggregates only if visible)."""
    always, after_own = instruction.scores_visibility(user, call)
    # Reviewers list what was submitted last, not the administration's later edits.
    proposals = all_as_submitted(proposals)
    profiles = _profiles(proposals)
    rows = []
    for proposal in proposals:
        visible = always or (after_own and proposal.has_own)
        count, names = _fellows(proposal, profiles)
        rows.append(
            {
                "proposal": proposal,
                "fellows": count,
                "profiles": names,
                "estimate": funding.estimate(proposal.data or {}, rules),
                "aggregates": visible,
                "review_count": proposal.review_count if visible else None,
                "score_mean": proposal.score_mean if visible else None,
                "mine": proposal.has_own,
            }
        )
    return rows


@instructor_required
def call_proposals(request, call_id):
    """A call's submitted proposals, filtered, searched, sorted and paginated."""
    call = get_call(call_id)
    user = request.user
    form = _filter_form(request, call, request.GET)
    if form.is_valid():
        proposals = instruction.list_proposals(call, user, form.filters())
    else:
        # A filter we cannot apply shows nothing rather than silently showing everything.
        proposals = Proposal.objects.none()
    page = paginate(request, proposals, PER_PAGE)
    params = form.active_params()
    team = is_team(user)
    rules = instruction.funding_rules(call)
    return render(
        request,
        "projects/instruction/call.html",
        {
            "call": call,
            "form": form,
            "page_obj": page,
            "rows": rows_of(page.object_list, user, call, rules),
            "filter_params": params,
            "is_filtered": bool(set(params) - {"sort"}),
            "hidden": instruction.hidden_by_conflicts(call, user),
            "is_team": team,
            "steps": project_steps(call, user),
            "bulk_actions": BULK_ACTIONS if team else [],
            "formats": FORMATS if team else {},
            "export_query": urlencode(params),
            "current_url": request.get_full_path(),
            "max_total": call.grid.max_total if call.grid_id else None,
        },
    )


@team_required
@require_POST
def bulk_action(request, call_id):
    """Shortlist the ticked proposals for the jury, or take them off its list."""
    call = get_call(call_id)
    back = bulk.back_url(request, reverse("instruction:call", args=[call.pk]))
    form = BulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        messages.error(request, _("Aucune proposition n'a été modifiée."))
        return redirect(back)
    ids = sorted(set(form.cleaned_data["ids"]))
    proposals = list(
        instruction.visible_proposals(call, request.user)
        .filter(pk__in=ids)
        .select_related("call", "organisation")
        .order_by("title", "pk")
    )
    if len(proposals) != len(ids):
        messages.error(
            request,
            _(
                "La sélection contient %(count)d proposition(s) qui n'appartiennent pas à cet "
                "appel ou que vous ne pouvez pas voir : aucune proposition n'a été modifiée."
            )
            % {"count": len(ids) - len(proposals)},
        )
        return redirect(back)
    if form.cleaned_data["action"] == "shortlist":
        result = instruction.bulk_shortlist(proposals, request.user)
    else:
        result = instruction.bulk_unshortlist(proposals, request.user)
    bulk.report(request, result, proposals=True)
    return redirect(back)


def export_columns() -> list[tuple[str, str]]:
    """The export's columns: key and French header."""
    return [
        ("id", _("Proposition (n°)")),
        ("title", _("Nom du défi")),
        ("organisation", _("Administration")),
        ("round", _("Session")),
        ("status", _("Statut")),
        ("eligibility", _("Éligibilité")),
        ("completeness", _("Complétude")),
        ("fellows", _("Nombre %(of_fellows)s") % {"of_fellows": words.of(words.fellows(), "'")}),
        ("profiles", _("Profils recherchés")),
        ("cofunding_requested", _("Cofinancement demandé")),
        ("estimate_low", _("Cofinancement estimé, bas (€)")),
        ("estimate_high", _("Cofinancement estimé, haut (€)")),
        ("budget_programme", _("Programme budgétaire")),
        ("review_count", _("Avis")),
        ("score_mean", _("Note moyenne")),
        ("submitted_at", _("Dernier dépôt")),
    ]


def _export_rows(rows) -> list[dict]:
    lines = []
    for row in rows:
        proposal, estimate = row["proposal"], row["estimate"]
        lines.append(
            {
                "id": proposal.pk,
                "title": proposal.display_name,
                "organisation": proposal.organisation.name,
                "round": proposal.round.name if proposal.round_id else "",
                "status": proposal.get_status_display(),
                "eligibility": proposal.get_eligibility_display(),
                "completeness": proposal.get_completeness_display(),
                "fellows": row["fellows"],
                "profiles": row["profiles"],
                "cofunding_requested": estimate.requested,
                "estimate_low": estimate.low,
                "estimate_high": estimate.high,
                "budget_programme": str((proposal.data or {}).get("budget_programme") or ""),
                "review_count": row["review_count"],
                "score_mean": round(row["score_mean"], 2) if row["score_mean"] else None,
                "submitted_at": proposal.submitted_at,
            }
        )
    return lines


def _export_lines(proposals, user, call, rules):
    """The export's rows, reading the proposals a chunk at a time."""
    proposals = proposals.iterator(chunk_size=EXPORT_CHUNK)
    while chunk := list(islice(proposals, EXPORT_CHUNK)):
        yield from _export_rows(rows_of(chunk, user, call, rules))


@team_required
def export(request, call_id, fmt):
    """The list as it is filtered, as CSV (standard or for French Excel), XLSX or ODS (the team)."""
    call = get_call(call_id)
    if fmt not in FORMATS:
        raise Http404(_("Format d'export inconnu."))
    form = _filter_form(request, call, request.GET)
    if not form.is_valid():
        messages.error(request, _("Un filtre de la liste n'est pas valide : rien n'est exporté."))
        return redirect(reverse("instruction:call", args=[call.pk]))
    proposals = instruction.list_proposals(call, request.user, form.filters())
    # Counted apart: the rows are read as the file is written, or even as it is sent.
    count = proposals.count()
    rows = _export_lines(proposals, request.user, call, instruction.funding_rules(call))
    try:
        response = download_response(export_columns(), rows, fmt, file_stem("propositions", call))
    except ExportError as error:
        raise Http404 from error
    # The log keeps what was exported, never its content.
    record(
        "proposals.exported",
        call,
        actor=request.user,
        count=count,
        format=fmt,
        filters=sorted(k for k in form.active_params() if k != "sort"),
    )
    return response
