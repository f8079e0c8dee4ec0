"""The co-funding of a cohort computed from its fellows' actual contracts.

Rule (the cohort's ``FundingRules``): for each fellow, the programme pays ``funded_months``
of the total employer cost of a ``contract_months`` contract, capped by the band's ``cap``.
A fellow who leaves early costs the administration only the part of the contract served:
the co-funding never exceeds that part. The budget compares the envelope with what the
contracts commit and what the decree has transferred.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cohorte.projects.decisions import funding_rules

from .models import Contract, TransferDecree

CENT = Decimal("0.01")


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def fellow_amount(contract: Contract, rules) -> Decimal:
    """What the programme pays for one fellow's contract under ``rules``."""
    if rules is None or not rules.contract_months:
        return Decimal(0)
    amount = contract.employer_cost * rules.funded_months / rules.contract_months
    if contract.salary_band.cap is not None:
        amount = min(amount, contract.salary_band.cap)
    if contract.left_on:
        days = (contract.end_date - contract.start_date).days
        served = (contract.left_on - contract.start_date).days
        amount = min(amount, contract.employer_cost * served / days)
    return _money(amount)


@dataclass(frozen=True)
class Line:
    """One fellow's line of the decree table."""

    contract: Contract
    amount: Decimal
    signed: Decimal | None  # the amount in the signed decree, if any

    @property
    def changed(self) -> bool:
        """Whether the contract moved the amount since the decree was signed."""
        return self.signed is not None and self.signed != self.amount


@dataclass(frozen=True)
class Budget:
    """The cohort's envelope against what the contracts commit and the decree transferred."""

    envelope: Decimal
    committed: Decimal
    transferred: Decimal

    @property
    def remaining(self) -> Decimal:
        """What the envelope still holds after the commitments."""
        return self.envelope - self.committed


def contracts_of(cohort):
    """The cohort's contracts, in the decree's order (host, défi, fellow)."""
    return (
        Contract.objects.filter(fellow__cohort=cohort)
        .select_related(
            "salary_band", "fellow__person", "fellow__challenge__host_organisation",
            "fellow__challenge__funding_organisation",
        )
        .order_by(
            "fellow__challenge__host_organisation__name", "fellow__challenge__title",
            "fellow__person__full_name", "pk",
        )
    )  # fmt: skip


def decree_of(cohort) -> TransferDecree | None:
    """The cohort's decree, if the team has started one."""
    return TransferDecree.objects.filter(cohort=cohort).first()


def lines(cohort, decree=None, rules=None) -> list[Line]:
    """Each contract's co-funding, with its signed amount when the decree is signed;
    ``rules``, when the caller already read them, spare reading them again."""
    rules = rules or funding_rules(cohort.pk)
    signed = decree.signed_amounts if decree and decree.signed_total is not None else None
    result = []
    for contract in contracts_of(cohort):
        frozen = None
        if signed is not None:
            frozen = Decimal(signed.get(str(contract.fellow_id), "0"))
        result.append(Line(contract, fellow_amount(contract, rules), frozen))
    return result


def budget(cohort, computed: list[Line], decree=None, rules=None) -> Budget:
    """Envelope, committed and transferred for the cohort."""
    rules = rules or funding_rules(cohort.pk)
    envelope = rules.envelope if rules and rules.envelope is not None else Decimal(0)
    committed = sum((line.amount for line in computed), Decimal(0))
    transferred = Decimal(0)
    if decree and decree.stage == TransferDecree.Stage.TRANSFERRED:
        transferred = decree.signed_total or Decimal(0)
    return Budget(_money(envelope), _money(committed), _money(transferred))
