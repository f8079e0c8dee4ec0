"""The team's view of a cohort's recruitment: every fellow's state, counted in the database.

States: "à saisir" (no contract yet), "en cours" (contract, steps left), "prêt" (contract
and every step done), "parti" (left early). "En retard" cuts across: no contract a month
before the cohort starts, or steps left once the arrival date has passed.
"""

from datetime import date, timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from cohorte.people.models import Role

from .models import Contract, OnboardingCheck

# A contract is due this long before the cohort starts (recruitment takes weeks).
CONTRACT_NOTICE = timedelta(days=30)
STATES = {
    "a-saisir": "to_record",
    "en-cours": "onboarding",
    "prets": "ready",
    "en-retard": "late",
    "partis": "left",
}


def fellows(cohort):
    """The cohort's fellows with, per row, the steps done and whether a contract exists."""
    done = (
        OnboardingCheck.objects.filter(fellow=OuterRef("pk"), item__cohort=cohort)
        .order_by()
        .values("fellow")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Role.objects.filter(kind=Role.Kind.FELLOW, cohort=cohort)
        .annotate(
            done=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)),
            has_contract=Exists(Contract.objects.filter(fellow=OuterRef("pk"))),
        )
        .select_related(
            "person", "profile", "challenge__host_organisation", "contract__salary_band"
        )
    )


def conditions(cohort, items: int, today: date) -> dict[str, Q]:
    """The condition of each state, over ``fellows(cohort)``."""
    stayed = Q(contract__left_on__isnull=True)
    steps_left = Q(done__lt=items)
    contract_due = bool(cohort.start_date) and today >= cohort.start_date - CONTRACT_NOTICE
    late = Q(has_contract=True) & stayed & steps_left & Q(contract__arrival_date__lte=today)
    if contract_due:
        late |= Q(has_contract=False)
    return {
        "to_record": Q(has_contract=False),
        "onboarding": Q(has_contract=True) & stayed & steps_left,
        "ready": Q(has_contract=True) & stayed & ~steps_left,
        "late": late,
        "left": Q(has_contract=True, contract__left_on__isnull=False),
    }


def counts(queryset, rules: dict[str, Q]) -> dict[str, int]:
    """How many fellows are in each state, in one query."""
    totals = queryset.aggregate(
        all=Count("pk"), **{name: Count("pk", filter=rule) for name, rule in rules.items()}
    )
    return {name: totals[name] or 0 for name in totals}


def state_of(fellow, items: int) -> str:
    """The state of one annotated fellow row."""
    if not fellow.has_contract:
        return "to_record"
    if fellow.contract.left_on:
        return "left"
    return "ready" if fellow.done >= items else "onboarding"
