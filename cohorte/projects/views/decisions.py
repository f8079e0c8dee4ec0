"""Selection of the défis (/gestion/projets/): the calls for projects, then one call's
proposals in the consolidated order with their co-funding, the défis to retain and the
staging of the decisions.

Access: anonymous visitors go to the login page; signed-in users outside the programme
team get 403. A call that is not a call for projects, or a proposal of another call, is
a 404.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cohorte import programme_words, row_urls
from cohorte.accounts.decorators import requires
from cohorte.calls import guards
from cohorte.calls.models import Call
from cohorte.calls.steps import project_steps
from cohorte.params import int_params
from cohorte.public.formats import format_number
from cohorte.reviews.exclusions import without_conflicts
from cohorte.selection import decisions as selection_domain
from cohorte.selection.models import Decision

from .. import consolidation
from .. import decisions as domain
from ..models import Proposal

team_required = requires("projects.manage_proposals")


def project_call(call_id) -> Call:
    """A call for projects, or a 404."""
    return get_object_or_404(
        Call.objects.select_related("cohort", "grid"), pk=call_id, kind=Call.Kind.PROJECTS
    )


def back(call, name="project_decisions:selection", anchor="") -> str:
    """A page of this call's decisions."""
    return reverse(name, args=[call.pk]) + anchor


@team_required
def home(request):
    """The calls for projects, newest first, with their decisions counted."""
    calls = (
        Call.objects.filter(kind=Call.Kind.PROJECTS)
        .select_related("cohort")
        .annotate(
            staged=Count(
                "proposals__decision",
                filter=Q(proposals__decision__status=Decision.Status.STAGED),
            ),
            validated=Count(
                "proposals__decision",
                filter=Q(proposals__decision__status=Decision.Status.VALIDATED),
            ),
            sent=Count(
                "proposals__decision", filter=Q(proposals__decision__status=Decision.Status.SENT)
            ),
        )
        .order_by("-opens_at", "-pk")
    )
    return render(request, "projects/decisions/home.html", {"calls": calls})


def _ticked(values) -> set[int] | None:
    """The proposal ids ticked in the form, or None when one is not a number."""
    ids = int_params(values)
    return set(ids) if len(ids) == len(values) else None


def _page(request, call, result, error=None, status=200):
    unstage = row_urls.pattern("project_decisions:unstage", call.pk)
    return render(
        request,
        "projects/decisions/selection.html",
        {
            "call": call,
            "selection": result,
            "rows": _rows(result.rows, unstage),
            "error": error,
            "method": consolidation.CRITERIA,
            "override": bool(request.POST.get("depasser")),
            "counts": _counts(result),
            "hidden": len(result.hidden_rows),
            "proposals": True,
            "precondition": guards.precondition(
                guards.DECISIONS, guards.decision_missing(call), request.user
            ),
            "steps": project_steps(call, request.user),
        },
        status=status,
    )


def _worded(message, **values) -> str:
    """``message`` with its values in, escaped, as {% blocktranslate %} writes it."""
    return mark_safe(message % {k: conditional_escape(localize(v)) for k, v in values.items()})


def _rows(rows, unstage) -> list[dict]:
    """The table's rows as plain values, their sentences worded in Python and translated
    once per page: a thousand défis would otherwise render five translation blocks each."""
    fellow, fellows = programme_words.fellow(), programme_words.fellows()
    tie_break, position = (
        _("départagé par : %(criterion)s"),
        _("%(position)s sur %(size)s — %(panel)s"),
    )
    between, cancel, created = (
        _("%(low)s à %(high)s €"),
        _("la décision sur « %(title)s »"),
        _("défi créé : %(title)s"),
    )
    fellows_of = {}  # a count of fellows: its words
    decision_label = {}  # an outcome and a status: the decision's badge
    items = []
    for row in rows:
        proposal, line, estimate, decision = row.proposal, row.line, row.estimate, row.decision
        entry, name, pk = line.entry, proposal.display_name, str(proposal.pk)
        item = {
            "pk": pk,
            "rank": line.rank,
            "tied": line.tied,
            "tie_break": line.tie_break and _worded(tie_break, criterion=line.tie_break),
            "name": name,
            "organisation": proposal.organisation.name,
            "withdrawn": proposal.status == Proposal.Status.WITHDRAWN,
            "favourable": entry.favourable,
            "position": entry.position
            and _worded(position, position=entry.position, size=entry.panel_size, panel=row.panel),
            "favourite": entry.favourite,
            "requested": estimate.requested,
            "missing": estimate.missing,
            "implausible": estimate.implausible,
            "sent": row.sent,
            "ticked": row.ticked,
            "decidable": row.decidable,
        }
        if estimate.requested:
            high = format_number(estimate.high)
            item["amount"] = (
                f"{high} €"
                if estimate.high == estimate.low
                else _worded(between, low=format_number(estimate.low), high=high)
            )
            if estimate.fellows not in fellows_of:
                counted = ngettext(
                    "%(counter)s %(fellow)s", "%(counter)s %(fellows)s", estimate.fellows
                )
                fellows_of[estimate.fellows] = _worded(
                    counted, counter=estimate.fellows, fellow=fellow, fellows=fellows
                )
            item["fellows"] = fellows_of[estimate.fellows]
        if decision is not None:
            key = (decision.outcome, decision.status)
            if key not in decision_label:
                decision_label[key] = (
                    f"{decision.get_outcome_display()} — {decision.get_status_display()}"
                )
            item["decision"] = decision_label[key]
            item["unstage"] = row_urls.for_row(unstage, pk)
            item["cancel"] = _worded(cancel, title=name)
            if proposal.challenge:
                item["challenge"] = _worded(created, title=proposal.challenge.title)
        items.append(item)
    return items


def _counts(result) -> dict[str, int]:
    counts = {"none": 0, "staged": 0, "validated": 0, "sent": 0}
    # The whole call, hidden proposals included: the team needs exact counts.
    for row in result.rows + result.hidden_rows:
        counts[row.decision.status if row.decision else "none"] += 1
    return counts


@team_required
def selection(request, call_id):
    """A call's proposals in the consolidated order: tick the défis, then stage decisions."""
    call = project_call(call_id)
    if request.method != "POST":
        return _page(request, call, domain.selection(call, user=request.user))
    ticked = _ticked(request.POST.getlist("retenir"))
    if ticked is None:
        error = _("Une proposition cochée n'existe pas : rien n'a été préparé.")
        return _page(request, call, domain.selection(call, user=request.user), error, status=400)
    if "preparer" not in request.POST:
        # Without JavaScript, "Recalculer" shows the cumulative co-funding of the ticks.
        return _page(request, call, domain.selection(call, ticked, request.user))
    try:
        staged = domain.stage_selection(
            call,
            ticked,
            request.user,
            override=bool(request.POST.get("depasser")),
            exception=request.POST.get("exception"),
        )
    except selection_domain.DecisionError as exc:
        return _page(
            request, call, domain.selection(call, ticked, request.user), str(exc), status=400
        )
    selected = sum(d.outcome == Decision.Outcome.SELECTED for d in staged)
    messages.success(
        request,
        ngettext(
            "%(count)d décision préparée (%(selected)d défi retenu) : la direction du "
            "programme peut la valider.",
            "%(count)d décisions préparées (%(selected)d défi(s) retenu(s)) : la direction du "
            "programme peut les valider.",
            len(staged),
        )
        % {"count": len(staged), "selected": selected},
    )
    return redirect(back(call))


@require_POST
@team_required
def envelope(request, call_id):
    """The cumulative co-funding of the ticked défis (refreshed by htmx as boxes change)."""
    call = project_call(call_id)
    ticked = _ticked(request.POST.getlist("retenir"))
    listed = set(domain.listed_proposals(call).values_list("pk", flat=True))
    # Unknown ids are ignored here: staging refuses them with a message.
    result = domain.selection(call, (ticked or set()) & listed, request.user)
    return render(request, "projects/decisions/envelope.html", {"selection": result})


@require_POST
@team_required
def unstage(request, call_id, pk):
    """Cancel the decision staged (or validated, not sent) on one proposal of the call."""
    call = project_call(call_id)
    decision = (
        without_conflicts(Decision.objects.filter(proposal__call=call), request.user)
        .filter(proposal_id=pk)
        .first()
    )
    if decision is None:
        raise Http404
    try:
        selection_domain.unstage(decision, request.user)
    except selection_domain.DecisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Décision annulée."))
    return redirect(back(call, anchor=f"#proposition-{pk}"))
