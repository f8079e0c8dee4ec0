"""The reviewer's preselection list (/evaluation/): filters, search, sort and the rows of one
page, all asked of the database so that a page costs the same whatever the size of the call."""

from django.db.models import F, Prefetch

from cohorte.calls.models import Application, ApplicationChoice
from cohorte.calls.search import SEARCHED
from cohorte.search import matching

from . import domain
from .aggregate import listed_aggregate, with_preselection_stats
from .models import Review
from .visibility import PRESELECTION, list_rule

TODO, DONE = "a-faire", "fait"
# Ties keep the most recent first, as the list reads by default.
RECENT_FIRST = (F("submitted_at").desc(nulls_last=True), F("pk").desc())
ORDERS = {
    # Applications without a (visible) mean come last.
    "aggregate": (F("visible_mean").desc(nulls_last=True), *RECENT_FIRST),
    "date": RECENT_FIRST,
    # French names sort by their stored folded key, as in the team's list of applications.
    "name": (F("sort_name"), F("pk")),
}


def listed_applications(user, call, challenge_id, profile_id, state, query, sort):
    """The ids of the applications of the list, filtered and sorted (a page of them is then
    read with ``page_rows``): only what the filters and the sort need is computed per row."""
    queryset = domain.reviewable_applications(user, call)
    if challenge_id:
        chosen = ApplicationChoice.objects.filter(challenge_id=challenge_id)
        queryset = queryset.filter(pk__in=chosen.values("application_id"))
    if profile_id:
        chosen = ApplicationChoice.objects.filter(profile_id=profile_id)
        queryset = queryset.filter(pk__in=chosen.values("application_id"))
    queryset = with_preselection_stats(queryset, user, call)
    if state == TODO:
        queryset = queryset.filter(has_own=False)
    elif state == DONE:
        queryset = queryset.filter(has_own=True)
    if query:
        queryset = matching(queryset, query, SEARCHED)
    if sort == "aggregate" and list_rule(user, call) == (False, False):
        # No mean is ever visible: ordering by a constant NULL is refused by PostgreSQL.
        sort = "date"
    return queryset.order_by(*ORDERS.get(sort, RECENT_FIRST)).values_list("pk", flat=True)


def _page_applications(user, call, ids) -> list:
    """The applications of a page, in the order of ``ids``, with their review figures."""
    queryset = (
        with_preselection_stats(Application.objects.filter(pk__in=ids), user, call)
        .select_related("candidate", "call")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=ApplicationChoice.objects.select_related("challenge", "profile"),
            )
        )
    )
    found = {application.pk: application for application in queryset}
    return [found[pk] for pk in ids if pk in found]


def page_rows(user, call, ids) -> list[dict]:
    """One row per application of a page (``ids``, in order): its own review by ``user`` and
    the aggregate they may see (None when hidden), the page's reviews read in one query."""
    applications = _page_applications(user, call, list(ids))
    reviews = Review.objects.filter(application__in=applications, stage=PRESELECTION).only(
        "id", "application_id", "reviewer_id", "total", "recommendation"
    )
    always, after_own = list_rule(user, call)
    totals, mine = {}, {}
    for review in reviews:
        totals.setdefault(review.application_id, []).append(review.total)
        if review.reviewer_id == user.pk:
            mine[review.application_id] = review
    return [
        {
            "application": application,
            "mine": mine.get(application.pk),
            "aggregate": listed_aggregate(application, totals.get(application.pk, []))
            if always or (after_own and application.has_own)
            else None,
        }
        for application in applications
    ]
