"""The site's RGAA 4.1 audit, read from the grid shipped in the package, and its compliance rate.

The grid (accessibility/rgaa-4.1-audit.csv) has one row per criterion and one column per page
of the sample (accessibility/sample.csv), each marked C, NC or NA. As the RGAA defines it, a
criterion is conforming when it is conform on every page where it applies, not applicable
when it applies to no page, and the rate is conforming criteria / applicable criteria.
"""

import csv
import datetime
import tomllib
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from functools import cached_property, lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

FOLDER = Path(__file__).resolve().parent / "accessibility"
GRID, SAMPLE, METADATA = "rgaa-4.1-audit.csv", "sample.csv", "audit.toml"
CRITERIA_COUNT = 106
CONFORM, NOT_CONFORM, NOT_APPLICABLE = "C", "NC", "NA"
STATUSES = {CONFORM, NOT_CONFORM, NOT_APPLICABLE}
TOTALLY, PARTIALLY, NOT = (
    _("totalement conforme"),
    _("partiellement conforme"),
    _("non conforme"),
)


@dataclass(frozen=True)
class SamplePage:
    key: str
    name: str
    address: str


@dataclass(frozen=True)
class Criterion:
    number: str
    theme: str
    title: str
    statuses: dict[str, str]  # page key -> C, NC or NA
    evidence: str
    finding: str = ""  # what fails, in words for the statement's readers (NC criteria)

    @cached_property  # read on every page (the footer's state): the grid does not change
    def status(self) -> str:
        """C if conform wherever it applies, NC if not conform on one page, NA if nowhere."""
        return overall_status(self.statuses.values())

    @property
    def failing_pages(self) -> list[str]:
        return [key for key, status in self.statuses.items() if status == NOT_CONFORM]


@dataclass(frozen=True)
class Audit:
    criteria: list[Criterion]
    pages: list[SamplePage]
    date: datetime.date
    referential: str
    auditor: str
    environment: str
    tools: list[str]
    technologies: list[str]
    derogations: list[str]
    not_subject: list[str]

    def count(self, status: str) -> int:
        return sum(criterion.status == status for criterion in self.criteria)

    @property
    def count_conform(self) -> int:
        return self.count(CONFORM)

    @property
    def count_not_conform(self) -> int:
        return self.count(NOT_CONFORM)

    @property
    def count_not_applicable(self) -> int:
        return self.count(NOT_APPLICABLE)

    @property
    def applicable(self) -> int:
        return self.count(CONFORM) + self.count(NOT_CONFORM)

    @property
    def rate(self) -> Fraction:
        """Conforming criteria over applicable criteria (1 when none applies)."""
        return Fraction(self.count(CONFORM), self.applicable) if self.applicable else Fraction(1)

    @property
    def percent(self) -> Decimal:
        # Rounded down: the statement never claims more than the audit measured.
        exact = Decimal(self.rate.numerator * 100) / Decimal(self.rate.denominator)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_FLOOR)

    @cached_property
    def state(self) -> str:
        return conformity_state(self.rate)

    @property
    def non_conforming(self) -> list[Criterion]:
        return [criterion for criterion in self.criteria if criterion.status == NOT_CONFORM]

    def page_names(self, keys: list[str]) -> list[str]:
        names = {page.key: page.name for page in self.pages}
        return [names[key] for key in keys]


def overall_status(statuses) -> str:
    """A criterion's status over the sample from its status on each page (RGAA rule)."""
    statuses = set(statuses)
    if NOT_CONFORM in statuses:
        return NOT_CONFORM
    return CONFORM if CONFORM in statuses else NOT_APPLICABLE


def conformity_state(rate: Fraction) -> str:
    """The RGAA state for a rate: total at 100 %, partial from 50 %, otherwise none."""
    if rate == 1:
        return TOTALLY
    return PARTIALLY if rate >= Fraction(1, 2) else NOT


def read_audit(folder: Path) -> Audit:
    """The audit whose grid, sample and metadata are in ``folder``; refuses an incoherent grid."""
    with open(folder / SAMPLE, encoding="utf-8", newline="") as file:
        pages = [
            SamplePage(row["page"], row["nom"], row["adresse"]) for row in csv.DictReader(file)
        ]
    keys = [page.key for page in pages]
    with open(folder / GRID, encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        columns = [name for name in reader.fieldnames or [] if name in keys]
        if columns != keys:
            raise ImproperlyConfigured(f"{GRID}: its page columns are not those of {SAMPLE}")
        criteria = [
            Criterion(
                number=row["critere"],
                theme=row["thematique"],
                title=row["intitule"],
                statuses={key: row[key].strip() for key in keys},
                evidence=row["preuves"],
                finding=(row.get("constat") or "").strip(),
            )
            for row in reader
        ]
    numbers = [criterion.number for criterion in criteria]
    if len(set(numbers)) != CRITERIA_COUNT or len(numbers) != CRITERIA_COUNT:
        raise ImproperlyConfigured(f"{GRID}: {CRITERIA_COUNT} distinct criteria expected")
    for criterion in criteria:
        unknown = set(criterion.statuses.values()) - STATUSES
        if unknown:
            raise ImproperlyConfigured(f"{GRID}: criterion {criterion.number} has {unknown}")
        if criterion.status == NOT_CONFORM and not criterion.finding:
            raise ImproperlyConfigured(f"{GRID}: criterion {criterion.number} fails: say why")
    with open(folder / METADATA, "rb") as file:
        metadata = tomllib.load(file)
    return Audit(criteria=criteria, pages=pages, **metadata)


@lru_cache
def _cached(folder: str) -> Audit:
    return read_audit(Path(folder))


def current_audit() -> Audit:
    """The audit the site publishes (read once per process and folder)."""
    return _cached(str(getattr(settings, "COHORTE_ACCESSIBILITY_AUDIT", FOLDER)))
