"""The co-funding estimate of a proposal, and the cumulative co-funding against the envelope.

Rule (the cohort's ``FundingRules``): the programme pays, for each fellow, ``funded_months``
of the total employer cost of a ``contract_months`` contract. The administration gives that
total cost for one fellow of each salary band; which band a fellow falls in is known only
at recruitment, so the estimate is a range: every fellow in the cheapest band (low) to every
fellow in the dearest (high). A band's ``cap`` bounds the amount per fellow. Without a
co-funding request, or without a budget programme to receive the credits, the estimate is 0.
The envelope is checked against the high end: the team never commits more than it has.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
# The keys of a proposal's data an estimate reads.
KEYS = ("cofunding_requested", "fellows_count", "employer_costs")


@dataclass(frozen=True)
class BandEstimate:
    """What one fellow of a band would receive."""

    key: str
    label: str
    employer_cost: Decimal  # the whole contract, as the administration gave it
    per_fellow: Decimal


@dataclass(frozen=True)
class Estimate:
    """The co-funding a proposal would receive: a low and a high amount, per band detail."""

    requested: bool
    fellows: int
    low: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
    bands: tuple[BandEstimate, ...] = ()
    missing: tuple[str, ...] = field(default=())  # band labels with no cost given yet
    # Bands whose cost is past the cohort's plausible bound (a typo, most often).
    implausible: tuple[BandEstimate, ...] = field(default=())
    plausible_bound: Decimal | None = None

    @property
    def complete(self) -> bool:
        """Whether every band's cost is known (the range is then final)."""
        return not self.missing


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _cost(value) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        return None
    return amount if amount >= 0 else None


def estimate(data: dict, rules) -> Estimate:
    """The co-funding estimate for a proposal's ``data`` under a cohort's ``FundingRules``."""
    requested = bool(data.get("cofunding_requested"))
    try:
        fellows = int(data.get("fellows_count") or 0)
    except (TypeError, ValueError):
        fellows = 0
    if not requested or rules is None or fellows <= 0 or not rules.contract_months:
        return Estimate(requested=requested, fellows=max(fellows, 0))
    costs = data.get("employer_costs") or {}
    bands, missing = [], []
    for band in rules.bands.all():
        cost = _cost(costs.get(band.key))
        if cost is None:
            missing.append(str(band.label))
            continue
        per_fellow = cost * rules.funded_months / rules.contract_months
        if band.cap is not None:
            per_fellow = min(per_fellow, band.cap)
        bands.append(BandEstimate(band.key, band.label, _money(cost), _money(per_fellow)))
    if not bands:
        return Estimate(requested=True, fellows=fellows, missing=tuple(missing))
    amounts = [b.per_fellow for b in bands]
    bound = getattr(rules, "plausible_employer_cost", None)
    return Estimate(
        requested=True,
        fellows=fellows,
        low=_money(min(amounts) * fellows),
        high=_money(max(amounts) * fellows),
        bands=tuple(bands),
        missing=tuple(missing),
        implausible=tuple(b for b in bands if bound and b.employer_cost > bound),
        plausible_bound=bound,
    )


@dataclass(frozen=True)
class EnvelopeLine:
    """One selected proposal and the running total after it."""

    proposal_id: int
    amount: Decimal
    cumulative: Decimal
    over: bool  # the running total exceeds the envelope


def cumulative(amounts: list[tuple[int, Decimal]], envelope: Decimal) -> list[EnvelopeLine]:
    """Running totals of co-funding in the given order, flagged once past the envelope."""
    lines, total = [], Decimal(0)
    for proposal_id, amount in amounts:
        total += amount
        lines.append(EnvelopeLine(proposal_id, _money(amount), _money(total), total > envelope))
    return lines
