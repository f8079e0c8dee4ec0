"""The director's validation list, one page at a time: which decisions it shows (a défi, an
outcome, to validate or validated, a search), grouped by défi in the order of the page, and
the counts and seats of the whole call, each asked of the database in one query."""

from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from cohorte.params import int_param

from . import decisions as domain
from .models import Decision

Outcome, Status = Decision.Outcome, Decision.Status
PENDING = (Status.STAGED, Status.VALIDATED)
ALL, TO_VALIDATE, VALIDATED = "toutes", "a-valider", "validees"
STATES = {
    ALL: _("Toutes"),
    TO_VALIDATE: _("À valider"),
    VALIDATED: _("Validées, en attente d’envoi"),
}
# ?decision= values, in the words of the URL.
OUTCOMES = {
    "retenues": Outcome.SELECTED,
    "liste-attente": Outcome.WAITING_LIST,
    "non-retenues": Outcome.NOT_SELECTED,
}
# A decision on a withdrawn application is for the team to cancel: not "to validate".
DECIDABLE = Q(application__status__in=domain.DECIDABLE)


def _state_conditions() -> dict[str, Q]:
    return {
        ALL: Q(),
        TO_VALIDATE: Q(status=Status.STAGED) & DECIDABLE,
        VALIDATED: Q(status=Status.VALIDATED),
    }


@dataclass(frozen=True)
class ValidationFilters:
    """What the director narrowed the list to; empty values filter nothing."""

    state: str = ALL
    outcome: str = ""
    challenge: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "ValidationFilters":
        """The filters of ``?etat=&decision=&defi=&q=`` (unknown values filter nothing)."""
        state, outcome = params.get("etat", ALL), params.get("decision", "")
        return cls(
            state=state if state in STATES else ALL,
            outcome=outcome if outcome in OUTCOMES else "",
            challenge=int_param(params.get("defi")),
            q=params.get("q", "").strip(),
        )


def filtered(decisions, filters: ValidationFilters):
    """The decisions of ``decisions`` in this state, of this outcome and défi, whose
    candidate's name or e-mail address matches the search."""
    decisions = decisions.filter(_state_conditions()[filters.state])
    if filters.outcome:
        decisions = decisions.filter(outcome=OUTCOMES[filters.outcome])
    if filters.challenge:
        decisions = decisions.filter(challenge_id=filters.challenge)
    for word in filters.q.split():
        decisions = decisions.filter(
            Q(application__first_name__icontains=word)
            | Q(application__last_name__icontains=word)
            | Q(application__candidate__email__icontains=word)
        )
    return decisions


def ordered(decisions):
    """By défi (the not selected last, whatever their défi), the selected before the
    waiting list, then by name: the page's groups follow one another."""
    last = Case(
        When(outcome=Outcome.NOT_SELECTED, then=Value(2)),
        When(challenge__isnull=True, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    waiting = Case(
        When(outcome=Outcome.WAITING_LIST, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return decisions.order_by(
        last,
        F("challenge__title").asc(nulls_last=True),
        "challenge_id",
        waiting,
        "application__last_name",
        "application__first_name",
        "pk",
    )


def state_counts(decisions) -> dict[str, int]:
    """How many of ``decisions`` each state holds, in one query."""
    return decisions.aggregate(
        **{key: Count("pk", filter=condition) for key, condition in _state_conditions().items()}
    )


def taken_seats(challenges) -> dict[int, int]:
    """The selected decisions of each of these défis, whatever their call or status, in
    one query."""
    return dict(
        Decision.objects.filter(challenge__in=challenges, outcome=Outcome.SELECTED)
        .values_list("challenge")
        .annotate(n=Count("pk"))
        .order_by()
    )


def groups(decisions) -> tuple[list[dict], list]:
    """The page's decisions grouped by défi (with the seats it has taken over the whole
    call; a group without défi last), and the page's not selected."""
    by_challenge: dict[int, dict] = {}
    not_selected = []
    for decision in decisions:
        if decision.outcome == Outcome.NOT_SELECTED:
            not_selected.append(decision)
            continue
        group = by_challenge.setdefault(
            decision.challenge_id,
            {"challenge": decision.challenge, "selected": [], "waiting": []},
        )
        key = "selected" if decision.outcome == Outcome.SELECTED else "waiting"
        group[key].append(decision)
    challenges = [g["challenge"] for g in by_challenge.values() if g["challenge"]]
    taken = taken_seats(challenges) if challenges else {}
    for group in by_challenge.values():
        if group["challenge"] is None:  # a waiting list on a profile: no seats to count
            continue
        group["taken"] = taken.get(group["challenge"].pk, 0)
        group["over"] = group["taken"] > group["challenge"].seats
        group["over_by"] = max(group["taken"] - group["challenge"].seats, 0)
    return list(by_challenge.values()), not_selected


def by_outcome(decisions):
    """The selected, then the waiting list, then the not selected, each by name."""
    rank = Case(
        *(When(outcome=value, then=Value(i)) for i, value in enumerate(OUTCOMES.values())),
        output_field=IntegerField(),
    )
    return decisions.order_by(rank, "application__last_name", "application__first_name", "pk")


def outcome_counts(decisions) -> dict[str, int]:
    """How many of ``decisions`` each outcome holds, and in all, in one query."""
    return decisions.aggregate(
        total=Count("pk"),
        **{key: Count("pk", filter=Q(outcome=value)) for key, value in OUTCOMES.items()},
    )
