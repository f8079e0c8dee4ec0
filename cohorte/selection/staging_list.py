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


def view_counts(queryset) -> dict[str, int]:
    """How many applications of ``queryset`` each view holds, in one query."""
    return queryset.aggregate(
        **{key: Count("pk", filter=condition) for key, condition in _conditions().items()}
    )
