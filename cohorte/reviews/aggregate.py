"""Aggregates of review totals: count, mean, median, spread. Pure Python."""

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Aggregate:
    """Summary of the totals an application received."""

    count: int
    mean: float | None
    median: float | None
    spread: float | None  # max - min: how much reviewers disagree

    @property
    def label(self) -> str:
        """A short text such as "14.5 (3 avis, écart 4)"."""
        if not self.count:
            return "—"
        return f"{self.mean:.1f} ({self.count} avis, écart {self.spread:g})"


def aggregate(totals: list[int | float]) -> Aggregate:
    """Count, mean, median and spread of a list of totals."""
    if not totals:
        return Aggregate(0, None, None, None)
    return Aggregate(
        count=len(totals),
        mean=round(statistics.fmean(totals), 2),
        median=float(statistics.median(totals)),
        spread=float(max(totals) - min(totals)),
    )
