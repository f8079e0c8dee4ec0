"""The staging table of the decisions page, one page at a time: which applications it shows
(a view of what the team is deciding, a défi, a search) and how many each view holds, asked
of the database whatever the size of the call."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cohorte.calls.models import Application, ApplicationChoice
from cohorte.calls.search import SEARCHED
from cohorte.params import int_param
from cohorte.search import matching

from .models import RankingEntry

Status = Application.Status
ALL, RANKED, SHORTLISTED, UNDECIDED, DECIDED = (
    "toutes",
    "classees",
    "preselectionnees",
    "sans-decision",
    "avec-decision",
)
VIEWS = {
    ALL: _("Toutes"),
    RANKED: _("Classées par un jury"),
    SHORTLISTED: _("Présélectionnées"),
    UNDECIDED: _("Sans décision"),
    DECIDED: _("Avec une décision"),
}


def _conditions() -> dict[str, Q]:
    ranked = RankingEntry.objects.filter(application=OuterRef("pk"))
    return {
        ALL: Q(),
        RANKED: Q(Exists(ranked)),
        SHORTLISTED: Q(status=Status.SHORTLISTED),
        UNDECIDED: Q(status__in=[Status.SUBMITTED, Status.SHORTLISTED], decision__isnull=True),
        DECIDED: Q(decision__isnull=False),
    }


@dataclass(frozen=True)
class TableFilters:
    """What the team narrowed the table to; empty values filter nothing."""

    view: str = ALL
    challenge: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "TableFilters":
        """The filters of ``?vue=&defi=&q=`` (an unknown view is every application)."""
        view = params.get("vue", ALL)
        return cls(
            view=view if view in VIEWS else ALL,
            challenge=int_param(params.get("defi")),
            q=params.get("q", "").strip(),
        )


def filtered(queryset, filters: TableFilters):
    """The applications of ``queryset`` in this view, about this défi, matching the search."""
    queryset = queryset.filter(_conditions()[filters.view])
    if filters.challenge:
        chosen = ApplicationChoice.objects.filter(challenge_id=filters.challenge)
        ranked = RankingEntry.objects.filter(challenge_id=filters.challenge)
        queryset = queryset.filter(
            Q(pk__in=chosen.values("application_id")) | Q(pk__in=ranked.values("application_id"))
        )
    if filters.q:
        queryset = matching(queryset, filters.q, SEARCHED)
    return queryset


@dataclass(frozen=True)
class CallCounts:
    """The counts of the whole call the staging page shows, read in one query."""

    views: dict[str, int]  # applications the user sees, per view
    hidden: int  # applications the user is kept away from
    undecided: int  # applications waiting for a decision, hidden or not


def call_counts(listed, hidden: set[int]) -> CallCounts:
    """Views, hidden and undecided applications of ``listed`` (the whole table of a call)
    in a single scan: ``hidden``, the ids of the applications the user does not see.

    The ranked view is counted with a hashed list of the ranked applications rather than a
    lookup per application: one scan of the call whatever its size."""
    conditions = _conditions()
    conditions[RANKED] = Q(pk__in=RankingEntry.objects.values("application_id"))
    shown = ~Q(pk__in=hidden) if hidden else Q()
    counted = {key: Count("pk", filter=shown & condition) for key, condition in conditions.items()}
    if hidden:
        counted["hidden_rows"] = Count("pk", filter=Q(pk__in=hidden))
    figures = listed.aggregate(**counted, undecided_rows=Count("pk", filter=conditions[UNDECIDED]))
    return CallCounts(
        views={key: figures[key] for key in VIEWS},
        hidden=figures.get("hidden_rows", 0),
        undecided=figures["undecided_rows"],
    )
