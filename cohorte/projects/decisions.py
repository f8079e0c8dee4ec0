"""Selecting the défis of a call for projects, and staging the decisions on its proposals.

The team sees the shortlisted (or already decided) proposals in the consolidated order
of the panels (``consolidation``), each with its co-funding estimate; it ticks the défis
to retain and watches their cumulative co-funding — the high end of each estimate, in
the consolidated order, after what the cohort's other calls already committed — against
the cohort's envelope. ``stage_selection`` then stages a decision on every listed
proposal at once (ticked: selected, the others: not selected), all or nothing, and
refuses to go past the envelope unless the team says it does so knowingly.

From there a decision on a proposal follows the call for applications' path, with the
same functions (``cohorte.selection.decisions``): validation by the director, preview
of the exact e-mails, sending through the outbox, which turns each selected proposal
into a défi (``conversion``).

A team member kept away from a proposal (a conflict of interest, their administration's:
``reviews.exclusions``) does not see its line; its co-funding, when it is retained, still
counts in the total as one line that names no défi. The selection compares every défi
of the call against one envelope, so that member does not stage it: another one does.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.public.formats import format_number
from cohorte.reviews.exclusions import excluded_among, without_conflicts
from cohorte.selection.decisions import PROPOSAL_DECIDABLE, DecisionError, guard
from cohorte.selection.models import Decision, Panel

from . import consolidation, funding
from .models import FundingRules, Proposal
from .submitted import submitted_values

Outcome = Decision.Outcome
Status = Proposal.Status
# Proposals the selection page lists besides those on a panel: the shortlist and the decided.
LISTED = (Status.SHORTLISTED, Status.SELECTED, Status.NOT_SELECTED)
# The lines of the cumulative co-funding that stand for the cohort's other calls, and for
# the proposals the reader does not see.
ELSEWHERE, HIDDEN = 0, -1


@dataclass
class Row:
    """One proposal of the selection: its place, its estimate, its decision, its tick."""

    proposal: Proposal
    line: consolidation.Line
    estimate: funding.Estimate
    decision: Decision | None
    ticked: bool
    panel: str = ""

    @property
    def sent(self) -> bool:
        """Its decision has left: the row no longer changes."""
        return self.decision is not None and self.decision.status == Decision.Status.SENT

    @property
    def decidable(self) -> bool:
        """A decision may be staged on it now."""
        return not self.sent and self.proposal.status in PROPOSAL_DECIDABLE


@dataclass
class EnvelopeLine:
    """A line of the cumulative co-funding, with how far past the envelope it goes."""

    row: Row | None  # None: what the cohort's other calls committed, or hidden proposals
    amount: Decimal
    cumulative: Decimal
    over: bool
    over_by: Decimal
    hidden: bool = False  # the proposals the reader is kept away from


@dataclass
class Selection:
    """The selection page of a call: its rows and the co-funding of the ticked ones."""

    call: object
    rules: FundingRules | None
    rows: list[Row]
    committed: Decimal = Decimal(0)
    lines: list[EnvelopeLine] = field(default_factory=list)
    # Rows the reader is kept away from: counted in the total, never shown.
    hidden_rows: list[Row] = field(default_factory=list)

    @property
    def envelope(self) -> Decimal | None:
        """The cohort's envelope, None when the cohort has no co-funding rules."""
        return self.rules.envelope if self.rules is not None else None

    @property
    def total(self) -> Decimal:
        """The cumulative co-funding of the ticked défis (other calls included)."""
        return self.lines[-1].cumulative if self.lines else self.committed

    @property
    def over_by(self) -> Decimal:
        """How much the total goes past the envelope (0 when within)."""
        if self.envelope is None:
            return Decimal(0)
        return max(self.total - self.envelope, Decimal(0))

    @property
    def remaining(self) -> Decimal:
        """What is left of the envelope (0 once past it)."""
        if self.envelope is None:
            return Decimal(0)
        return max(self.envelope - self.total, Decimal(0))

    @property
    def ticked(self) -> list[Row]:
        return [row for row in self.rows if row.ticked]


def listed_proposals(call):
    """The proposals the selection lists: auditioned, shortlisted, or with a decision."""
    return (
        Proposal.objects.filter(call=call)
        .filter(
            Q(status__in=LISTED)
            | Q(status=Status.SUBMITTED, panels__isnull=False)
            | Q(decision__isnull=False)
        )
        .exclude(status=Status.DRAFT)
        .distinct()
    )


def consolidated_ranks(call) -> dict[int, int]:
    """The rank of each proposal the selection lists, in the consolidated order of the whole
    call (as ``selection`` numbers its rows), without building the selection."""
    loaded = {e.proposal_id: e for e in consolidation.load_entries(call)}
    entries = [
        loaded.get(pk) or consolidation.Entry(pk, None, None, None, 0, None)
        for pk in listed_proposals(call).order_by("pk").values_list("pk", flat=True)
    ]
    return {line.entry.proposal_id: line.rank for line in consolidation.consolidate(entries)}


def funding_rules(cohort_id) -> FundingRules | None:
    """The cohort's co-funding rules with their bands, read once for every estimate."""
    return FundingRules.objects.prefetch_related("bands").filter(cohort_id=cohort_id).first()


def committed_elsewhere(call, rules) -> Decimal:
    """Co-funding already granted to défis selected in the cohort's other calls."""
    selected = Proposal.objects.filter(
        call__cohort_id=call.cohort_id, status=Status.SELECTED
    ).exclude(call=call)
    data = submitted_values(selected, funding.KEYS)
    return sum((funding.estimate(d, rules).high for d in data.values()), Decimal(0))


def _ticked(decision, proposal_id, ticked_ids) -> bool:
    if decision is not None and (ticked_ids is None or decision.status == Decision.Status.SENT):
        # A decision sent is what it is; without a form, the page shows what is staged.
        return decision.outcome == Outcome.SELECTED
    return ticked_ids is not None and proposal_id in ticked_ids


def selection(call, ticked_ids=None, user=None) -> Selection:
    """The selection of a call with ``ticked_ids`` ticked (default: the staged choices), as
    ``user`` sees it (without the proposals they are kept away from)."""
    rules = funding_rules(call.cohort_id)
    # Their data is read below, only the keys of the estimate.
    proposals = {
        p.pk: p
        for p in listed_proposals(call)
        .select_related("organisation", "decision", "challenge")
        .defer("data", "search_text")
    }
    hidden = {p.pk for p in excluded_among(user, proposals.values())}
    # The co-funding counted is what each administration submitted last.
    submitted = submitted_values(Proposal.objects.filter(pk__in=list(proposals)), funding.KEYS)
    loaded = {e.proposal_id: e for e in consolidation.load_entries(call)}
    entries = [
        loaded.get(pk) or consolidation.Entry(pk, None, None, None, 0, None) for pk in proposals
    ]
    rows = []
    for line in consolidation.consolidate(entries):
        proposal = proposals[line.entry.proposal_id]
        decision = getattr(proposal, "decision", None)
        rows.append(
            Row(
                proposal=proposal,
                line=line,
                estimate=funding.estimate(submitted[proposal.pk], rules),
                decision=decision,
                # A hidden proposal keeps its own decision: the reader cannot tick it.
                ticked=_ticked(
                    decision, proposal.pk, None if proposal.pk in hidden else ticked_ids
                ),
            )
        )
    result = Selection(call, rules, rows, committed=committed_elsewhere(call, rules))
    result.hidden_rows = [row for row in rows if row.proposal.pk in hidden]
    result.rows = rows = [row for row in rows if row.proposal.pk not in hidden]
    panel_ids = {row.line.entry.panel_id for row in rows} - {None}
    panels = dict(Panel.objects.filter(pk__in=panel_ids).values_list("pk", "name"))
    for row in rows:
        row.panel = panels.get(row.line.entry.panel_id, "")
    amounts = [(ELSEWHERE, result.committed)] if result.committed else []
    hidden_amount = sum((r.estimate.high for r in result.hidden_rows if r.ticked), Decimal(0))
    if hidden_amount:
        amounts.append((HIDDEN, hidden_amount))
    amounts += [(row.proposal.pk, row.estimate.high) for row in rows if row.ticked]
    by_id = {row.proposal.pk: row for row in rows}
    envelope = result.envelope
    for line in funding.cumulative(amounts, envelope if envelope is not None else Decimal(0)):
        over = envelope is not None and line.over
        result.lines.append(
            EnvelopeLine(
                row=by_id.get(line.proposal_id),
                amount=line.amount,
                cumulative=line.cumulative,
                over=over,
                over_by=line.cumulative - envelope if over else Decimal(0),
                hidden=line.proposal_id == HIDDEN,
            )
        )
    return result


def _euros(amount: Decimal) -> str:
    return f"{format_number(amount)} €"


def _check(result: Selection, ticked_ids: set[int], override: bool) -> list[Row]:
    """The rows to stage; refuses an unknown proposal, a ticked withdrawn one, the envelope."""
    listed = {row.proposal.pk for row in result.rows}
    if ticked_ids - listed:
        raise DecisionError(
            _(
                "Une proposition cochée n'est pas dans la sélection de cet appel : rien n'a été "
                "préparé."
            )
        )
    for row in result.rows:
        if row.ticked and not row.sent and not row.decidable:
            raise DecisionError(
                _(
                    "La proposition « %(title)s » est %(status)s : elle ne peut pas être "
                    "retenue. Rien n'a été préparé."
                )
                % {"title": row.proposal.display_name, "status": row.proposal.get_status_display()}
            )
    to_stage = [row for row in result.rows if row.decidable]
    if not to_stage:
        raise DecisionError(
            _("Aucune décision à préparer : toutes les propositions de cet appel sont décidées.")
        )
    if result.over_by and not override:
        raise DecisionError(
            _(
                "Le cofinancement des défis retenus (%(total)s) dépasse l'enveloppe de la "
                "promotion (%(envelope)s) de %(over)s. Retirez un défi, ou cochez « dépasser "
                "l'enveloppe en connaissance de cause ». Rien n'a été préparé."
            )
            % {
                "total": _euros(result.total),
                "envelope": _euros(result.envelope),
                "over": _euros(result.over_by),
            }
        )
    return to_stage


@transaction.atomic
def stage_selection(
    call, ticked_ids, actor, override: bool = False, exception: str | None = None
) -> list[Decision]:
    """Stage every listed proposal's decision: ticked selected, others not; all or nothing.

    ``override``: past the envelope knowingly; ``exception``: the director's reason to
    decide before the défi jury's auditions end (``cohorte.calls.guards``)."""
    ticked_ids = set(ticked_ids)
    if excluded_among(actor, listed_proposals(call)):
        raise DecisionError(
            _(
                "Vous avez déclaré un conflit d'intérêts sur une proposition de cet appel : la "
                "sélection des défis, qui les compare toutes, revient à un·e autre membre de "
                "l'équipe. Rien n'a été préparé."
            )
        )
    ids = list(listed_proposals(call).values_list("pk", flat=True))
    # Lock the proposals alone (no join): concurrent staging of the same call waits here.
    list(Proposal.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    result = selection(call, ticked_ids)
    to_stage = _check(result, ticked_ids, override)
    guard(
        [row.proposal for row in to_stage],
        [Outcome.SELECTED if row.ticked else Outcome.NOT_SELECTED for row in to_stage],
        actor,
        exception,
    )
    staged = []
    for row in to_stage:
        outcome = Outcome.SELECTED if row.ticked else Outcome.NOT_SELECTED
        decision, previous = row.decision, None
        if decision is None:
            decision = Decision(proposal=row.proposal)
        else:
            previous = {"outcome": decision.outcome, "status": decision.status}
        decision.outcome = outcome
        decision.challenge = decision.profile = None
        decision.status = Decision.Status.STAGED
        decision.staged_by = actor if getattr(actor, "is_authenticated", False) else None
        decision.validated_by = None
        decision.validated_at = None
        decision.returned_comment, decision.returned_by = "", None
        decision.save()
        record(
            "decision.staged",
            row.proposal,
            actor=actor,
            decision=decision.pk,
            outcome=outcome,
            previous=previous,
            source="selection",
            rank=row.line.rank,
            estimate=str(row.estimate.high),
        )
        staged.append(decision)
    envelope = result.envelope
    record(
        "decisions.staged",
        call,
        actor=actor,
        selected=sorted(row.proposal.pk for row in to_stage if row.ticked),
        not_selected=sum(not row.ticked for row in to_stage),
        total=str(result.total),
        envelope=str(envelope) if envelope is not None else None,
        over_envelope=bool(result.over_by),
        over_by=str(result.over_by),
        override=bool(override and result.over_by),
    )
    return staged


def staged_decisions(call, statuses, user=None, *, estimates=False):
    """The decisions on the call's proposals in these statuses, by title, but those about
    what ``user`` is kept away from; with ``estimates``, each proposal's ``estimate_data``
    (the keys of its data an estimate reads) instead of its whole data."""
    decisions = (
        without_conflicts(Decision.objects.filter(proposal__call=call), user)
        .filter(status__in=statuses)
        .select_related("proposal__call", "proposal__organisation", "staged_by", "validated_by")
        .order_by("proposal__title", "pk")
    )
    if not estimates:
        return list(decisions)
    keys = {f"estimate_{key}": KeyTransform(key, "proposal__data") for key in funding.KEYS}
    decisions = list(decisions.defer("proposal__data", "proposal__search_text").annotate(**keys))
    for decision in decisions:
        decision.proposal.estimate_data = {
            key: getattr(decision, f"estimate_{key}") for key in funding.KEYS
        }
    return decisions
