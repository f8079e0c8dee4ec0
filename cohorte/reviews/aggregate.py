"""Aggregates of review totals: count, mean, median, spread, in Python for a few totals and
in SQL for a list (sorting a whole call by mean)."""

import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Round

from .models import Review
from .visibility import list_rule

PRESELECTION = Review.Stage.PRESELECTION


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


def with_preselection_stats(queryset, user, call):
    """Applications annotated, in SQL, with ``review_count``, ``review_mean``, ``review_spread``,
    ``has_own`` and ``visible_mean`` (the mean ``user`` may see, else None) of their
    preselection reviews."""
    # Computed by the database on each read rather than stored: an edit, a deletion or a
    # conflict that removes a review never leaves a stale figure, and sorting a whole call
    # by mean stays one query (each subquery reads the review index of one application).
    stage = Review.objects.filter(application=OuterRef("pk"), stage=PRESELECTION).order_by()
    grouped = stage.values("application")

    def per_application(expression, field):
        return Subquery(grouped.annotate(v=expression).values("v"), output_field=field)

    queryset = queryset.annotate(
        review_count=Coalesce(per_application(Count("id"), IntegerField()), Value(0)),
        # Rounded as shown, so that equal means tie and keep the date order.
        review_mean=Round(
            per_application(Avg("total"), FloatField()), 2, output_field=FloatField()
        ),
        review_spread=per_application(Max("total") - Min("total"), FloatField()),
        # One list of the user's reviewed applications, read once, not a lookup per row.
        has_own=ExpressionWrapper(
            Q(
                pk__in=Review.objects.filter(reviewer=user, stage=PRESELECTION).values(
                    "application_id"
                )
            ),
            output_field=BooleanField(),
        ),
    )
    always, after_own = list_rule(user, call)
    if always:
        visible = F("review_mean")
    elif after_own:
        visible = Case(When(has_own=True, then=F("review_mean")), default=Value(None))
    else:
        visible = Value(None)
    return queryset.annotate(visible_mean=ExpressionWrapper(visible, FloatField()))


def preselection_totals(application_ids) -> dict[int, list[int]]:
    """The preselection totals of these applications (a page of a list), in one query."""
    totals = defaultdict(list)
    rows = Review.objects.filter(application_id__in=application_ids, stage=PRESELECTION)
    for application_id, total in rows.values_list("application_id", "total"):
        totals[application_id].append(total)
    return totals


def listed_aggregate(application, totals: list[int]) -> Aggregate:
    """The aggregate of an application annotated by ``with_preselection_stats``: count, mean
    and spread from SQL, the median from its totals."""
    if not application.review_count:
        return Aggregate(0, None, None, None)
    return Aggregate(
        count=application.review_count,
        mean=application.review_mean,
        median=float(statistics.median(totals)) if totals else None,
        spread=application.review_spread,
    )
