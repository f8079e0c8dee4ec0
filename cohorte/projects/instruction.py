"""Pre-instruction of proposals (/instruction/): who does it, the lists, screening, shortlist,
notes.

Eligibility and completeness go through the call for applications' screening
(``cohorte.calls.screening`` takes a proposal); shortlisting and notes are the
proposal's own. Each action checks the transition and the actor's right (an
``InstructionError`` with a French message otherwise), writes its audit entry and,
for the shortlist, queues the administration's e-mail in the same transaction.
Reviews and conflicts are ``cohorte.reviews.domain``'s; questions to the
administration are ``cohorte.projects.thread``'s.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from cohorte.accounts.roles import is_preinstructor, is_team
from cohorte.audit.domain import record
from cohorte.calls import screening
from cohorte.calls.models import Call
from cohorte.calls.search import folded
from cohorte.reviews import visibility
from cohorte.reviews.exclusions import hidden_count, without_conflicts
from cohorte.reviews.models import Review
from cohorte.search import matching

from . import notify
from .models import Audition, FundingRules, Proposal, ProposalNote

Status = Proposal.Status
PRESELECTION = Review.Stage.PRESELECTION
# Proposals still waiting for reviews: "to do" counts only these.
REVIEW_STATES = (Status.SUBMITTED, Status.SHORTLISTED)
# Every state after submission (the rules' SUBMITTED_STATES), in the order of the process.
LISTED_STATES = (Status.SUBMITTED, Status.SHORTLISTED, Status.SELECTED, Status.NOT_SELECTED)
STEPS = {
    "eligibility": (screening.set_eligibility, Proposal.Eligibility.ELIGIBLE),
    "completeness": (screening.set_completeness, Proposal.Completeness.COMPLETE),
}
NOTE_KINDS = (ProposalNote.Kind.JURY_QUESTION, ProposalNote.Kind.PRIVATE)
MAX_NOTE = screening.MAX_NOTE
DONE, TODO = "done", "todo"
SORTS = {"date": F("submitted_at"), "title": folded("title"), "score": F("visible_mean")}
DEFAULT_SORT = "-date"


# A pre-instruction action refused, with a message for the user: the screening's own error,
# since eligibility, completeness and the shared checks raise it too.
InstructionError = screening.ScreeningError


def is_instructor(user) -> bool:
    """The team and pre-instructors pre-instruct proposals; administrations never do."""
    return is_team(user) or is_preinstructor(user)


def _own_reviews(user):
    return Review.objects.filter(proposal=OuterRef("pk"), reviewer=user, stage=PRESELECTION)


def visible_proposals(call, user):
    """The call's submitted proposals this user may pre-instruct: never a draft, a conflict
    or a proposal of their own administration."""
    return without_conflicts(Proposal.objects.filter(call=call, status__in=LISTED_STATES), user)


def hidden_by_conflicts(call, user) -> int:
    """How many of the call's proposals this user does not see (a conflict, their own)."""
    return hidden_count(Proposal.objects.filter(call=call, status__in=LISTED_STATES), user)


def instruction_calls(user) -> list[Call]:
    """The calls for projects, newest first, each with ``counts`` by status (and
    ``listed_counts``, those of ``LISTED_STATES`` in order) and ``todo``.

    ``todo`` counts the proposals waiting for this user's review; conflicts count nowhere.
    """
    calls = list(
        Call.objects.filter(kind=Call.Kind.PROJECTS).select_related("cohort").order_by("-opens_at")
    )
    proposals = without_conflicts(
        Proposal.objects.filter(call__in=calls, status__in=LISTED_STATES + (Status.WITHDRAWN,)),
        user,
    )
    counts = Counter()
    for row in proposals.values("call_id", "status").annotate(n=Count("id")).order_by():
        counts[row["call_id"], row["status"]] = row["n"]
    todo = dict(
        proposals.filter(status__in=REVIEW_STATES)
        .exclude(Exists(_own_reviews(user)))
        .values("call_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("call_id", "n")
    )
    for call in calls:
        call.counts = {status: counts[call.pk, status] for status in Status.values}
        call.listed_counts = [call.counts[s] for s in LISTED_STATES]
        call.todo = todo.get(call.pk, 0)
    return calls


def funding_rules(call) -> FundingRules | None:
    """The co-funding rules of the call's cohort, bands loaded (None if not configured)."""
    return FundingRules.objects.filter(cohort_id=call.cohort_id).prefetch_related("bands").first()


@dataclass(frozen=True)
class Filters:
    """What the list asks for; empty values filter nothing."""

    status: str = ""
    round: int | None = None
    eligibility: str = ""
    completeness: str = ""
    mine: str = ""  # DONE: reviewed by me, TODO: not yet
    score_min: Decimal | None = None
    score_max: Decimal | None = None
    q: str = ""
    sort: str = DEFAULT_SORT


def scores_visibility(user, call) -> tuple[bool, bool]:
    """(always, after own review): when this user may see a proposal's review aggregates."""
    return visibility.list_rule(user, call)


def with_review_stats(queryset, user, call):
    """Annotate ``review_count``, ``score_mean``, ``has_own`` and ``visible_mean``.

    ``visible_mean`` is the mean this user may see under the call's visibility rule
    (None otherwise): filtering or sorting by score never reveals a hidden mean.
    """
    stage = Review.objects.filter(proposal=OuterRef("pk"), stage=PRESELECTION).order_by()
    grouped = stage.values("proposal")
    queryset = queryset.annotate(
        review_count=Coalesce(
            Subquery(grouped.annotate(n=Count("id")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
        score_mean=Subquery(
            grouped.annotate(m=Avg("total")).values("m"), output_field=FloatField()
        ),
        has_own=Exists(_own_reviews(user)),
    )
    always, after_own = scores_visibility(user, call)
    if always:
        visible = F("score_mean")
    elif after_own:
        visible = Case(
            When(has_own=True, then=F("score_mean")),
            default=Value(None),
            output_field=FloatField(),
        )
    else:
        visible = Value(None, output_field=FloatField())
    return queryset.annotate(visible_mean=visible)


def _sorted(queryset, key: str):
    descending = key.startswith("-")
    expression = SORTS.get(key.lstrip("-"))
    if expression is None:
        return _sorted(queryset, DEFAULT_SORT)
    # Proposals without a (visible) score come last either way; ties by number.
    ordered = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return queryset.order_by(ordered, F("pk").desc() if descending else F("pk").asc())


def list_proposals(call, user, filters: Filters):
    """The proposals of the list: visible to the user, annotated, filtered, sorted."""
    queryset = with_review_stats(visible_proposals(call, user), user, call)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.round is not None:
        queryset = queryset.filter(round_id=filters.round)
    if filters.eligibility:
        queryset = queryset.filter(eligibility=filters.eligibility)
    if filters.completeness:
        queryset = queryset.filter(completeness=filters.completeness)
    if filters.mine == DONE:
        queryset = queryset.filter(has_own=True)
    elif filters.mine == TODO:
        queryset = queryset.filter(has_own=False)
    if filters.score_min is not None:
        queryset = queryset.filter(visible_mean__gte=float(filters.score_min))
    if filters.score_max is not None:
        queryset = queryset.filter(visible_mean__lte=float(filters.score_max))
    if filters.q:
        queryset = matching(queryset, filters.q, ("search_text", "organisation__search_text"))
    return _sorted(queryset, filters.sort).select_related("organisation", "round")


def _require_team(actor) -> None:
    if not actor.has_perm("projects.manage_proposals"):
        raise InstructionError(_("Seule l'équipe du programme fait cette action."))


def _name(proposal) -> str:
    return proposal.display_name


def _require_undecided(proposal, what: str) -> None:
    if proposal.status in (Status.SELECTED, Status.NOT_SELECTED):
        raise InstructionError(
            _("%(name)s : %(what)s impossible, une décision a déjà été prise (%(status)s).")
            % {"name": _name(proposal), "what": what, "status": proposal.get_status_display()}
        )


def set_screening(proposal, step: str, value: str, actor, reason: str = "") -> bool:
    """Set a proposal's eligibility or completeness (``step``) with a reason; False if unchanged."""
    _require_team(actor)
    if step not in STEPS:
        raise InstructionError(_("Étape d'examen inconnue : rien n'a été modifié."))
    setter, positive = STEPS[step]
    if getattr(proposal, step) == value:
        return False
    _require_undecided(proposal, _("examen"))
    if proposal.status == Status.SHORTLISTED and value != positive:
        # A shortlisted proposal must stay eligible and complete: take it off first.
        raise InstructionError(
            _("%(name)s : retirez d'abord la proposition de la liste pour le jury.")
            % {"name": _name(proposal)}
        )
    return setter(proposal, value, actor, reason)


def shortlist(proposal, actor) -> bool:
    """Shortlist an eligible, complete proposal for the jury; e-mail its administration."""
    _require_team(actor)
    what = _("présélection")
    if proposal.status == Status.SHORTLISTED:
        return False
    screening._require_deposited(proposal, what)
    _require_undecided(proposal, what)
    missing = []
    if proposal.eligibility != Proposal.Eligibility.ELIGIBLE:
        missing.append(_("éligible"))
    if proposal.completeness != Proposal.Completeness.COMPLETE:
        missing.append(_("complète"))
    if missing:
        raise InstructionError(
            _(
                "%(name)s : présélection impossible, la proposition n'est pas encore marquée "
                "%(missing)s."
            )
            % {"name": _name(proposal), "missing": _(" et ").join(missing)}
        )
    with transaction.atomic():
        screening._change(proposal, "status", Status.SUBMITTED, Status.SHORTLISTED)
        record("proposal.shortlisted", proposal, actor=actor)
        notify.to_administration("proposal_shortlisted", proposal)
    return True


def unshortlist(proposal, actor) -> bool:
    """Take a proposal off the jury's list and tell its administration; False when not on it."""
    _require_team(actor)
    if proposal.status == Status.SUBMITTED:
        return False
    if proposal.status != Status.SHORTLISTED:
        raise InstructionError(
            _("%(name)s : cette proposition n'est pas retenue pour le jury (%(status)s).")
            % {"name": _name(proposal), "status": proposal.get_status_display()}
        )
    if Audition.objects.filter(proposal=proposal).exists():
        raise InstructionError(
            _("%(name)s : une audition est prévue, retirez-la d'abord du planning du jury.")
            % {"name": _name(proposal)}
        )
    with transaction.atomic():
        screening._change(proposal, "status", Status.SHORTLISTED, Status.SUBMITTED)
        record("proposal.unshortlisted", proposal, actor=actor)
        notify.to_administration("proposal_unshortlisted", proposal)
    return True


def bulk_shortlist(proposals, actor) -> screening.BulkResult:
    """Shortlist many proposals at once, reporting refusals one by one."""
    return screening._bulk(proposals, lambda p: shortlist(p, actor))


def bulk_unshortlist(proposals, actor) -> screening.BulkResult:
    """Take many proposals off the jury's list at once, reporting refusals one by one."""
    return screening._bulk(proposals, lambda p: unshortlist(p, actor))


def add_note(proposal, kind: str, body: str, actor) -> ProposalNote:
    """Write a question for the jury (team, pre-instructors) or a private note (team only)."""
    if kind not in NOTE_KINDS:
        raise InstructionError(_("Type de note inconnu : rien n'a été enregistré."))
    if kind == ProposalNote.Kind.PRIVATE:
        _require_team(actor)
    elif not actor.has_perm("projects.review_proposal", proposal):
        raise InstructionError(_("Vous ne pouvez pas écrire sur cette proposition."))
    empty = (
        _("La question est vide : écrivez-la avant de l'enregistrer.")
        if kind == ProposalNote.Kind.JURY_QUESTION
        else _("La note est vide : écrivez quelque chose.")
    )
    body = screening._clean_text(body, MAX_NOTE, empty)
    with transaction.atomic():
        note = ProposalNote.objects.create(proposal=proposal, kind=kind, author=actor, body=body)
        # The text stays out of the log: the log is read more widely than the notes.
        record("proposal.note_added", proposal, actor=actor, note=note.pk, kind=kind)
    return note
