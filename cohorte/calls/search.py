"""Searching, filtering and sorting a call's applications for the programme team.

The list, its bulk actions and its exports all read applications through
``team_applications``, so that "export the current list" exports exactly what the
list shows. Review counts and means come from subqueries (not joins), so filters on
choices or reviewers never multiply rows or inflate counts.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from cohorte.accounts.roles import DIRECTOR_GROUP, TEAM_GROUP
from cohorte.reviews.exclusions import hidden_count, without_conflicts
from cohorte.reviews.models import Review
from cohorte.search import folded, matching  # noqa: F401 - folded: projects.instruction

from .models import Application, ApplicationChoice
from .rules import SUBMITTED_STATES

PRESELECTION = Review.Stage.PRESELECTION
# Status filter values beyond the statuses themselves.
ALL_BUT_DRAFTS = ""
ACTIVE = "active"
NO_GENDER = "none"
NO_ROUND = "none"
# French names sort with their accents folded (Éluard between Durand and Martin) on every
# database, by the key each application stores (SQLite's LOWER() knows nothing of accents).
SORTS = {
    "name": (F("sort_name"),),
    "submitted_at": (F("submitted_at"),),
    "score": (F("score_mean"),),
    "reviews": (F("review_count"),),
}
DEFAULT_SORT = "-submitted_at"


@dataclass(frozen=True)
class Filters:
    """What the team asked for; empty values filter nothing."""

    status: str = ALL_BUT_DRAFTS
    round: int | str | None = None  # a round's id, or NO_ROUND
    challenge: int | None = None
    profile: int | None = None
    first_choice_only: bool = False
    score_min: Decimal | None = None
    score_max: Decimal | None = None
    reviewed_by: int | None = None
    not_reviewed_by: int | None = None
    eligibility: str = ""
    completeness: str = ""
    gender: str = ""
    q: str = ""
    sort: str = DEFAULT_SORT


def _reviews(stage=PRESELECTION):
    return (
        Review.objects.filter(application=OuterRef("pk"), stage=stage)
        .order_by()
        .values("application")
    )


def with_review_stats(queryset):
    """Annotate ``review_count`` and ``score_mean`` (preselection totals) on applications."""
    reviews = _reviews()
    return queryset.annotate(
        review_count=Coalesce(
            Subquery(reviews.annotate(n=Count("id")).values("n"), output_field=IntegerField()),
            Value(0),
        ),
        score_mean=Subquery(
            reviews.annotate(m=Avg("total")).values("m"), output_field=FloatField()
        ),
    )


def visible_applications(call, user):
    """The call's applications this team member may see: all but their declared conflicts
    (and their own application)."""
    return without_conflicts(Application.objects.filter(call=call), user)


def hidden_by_conflicts(call, user) -> int:
    """How many of the call's applications this user cannot see (a conflict, their own)."""
    return hidden_count(Application.objects.filter(call=call), user)


def _choice(filters: Filters, **condition):
    choices = ApplicationChoice.objects.filter(application=OuterRef("pk"), **condition)
    if filters.first_choice_only:
        choices = choices.filter(rank=1)
    return Exists(choices)


# The candidate's name and answers are folded in the application's own column; an e-mail
# address has no accents and stays the account's, so it is read where it lives.
SEARCHED = ("search_text", "candidate__email__icontains")


def apply_filters(queryset, filters: Filters):
    """Narrow annotated applications to the filters, then sort them."""
    if filters.status == ALL_BUT_DRAFTS:
        queryset = queryset.exclude(status=Application.Status.DRAFT)
    elif filters.status == ACTIVE:
        queryset = queryset.filter(status__in=SUBMITTED_STATES)
    else:
        queryset = queryset.filter(status=filters.status)
    if filters.round == NO_ROUND:
        queryset = queryset.filter(round__isnull=True)
    elif filters.round is not None:
        queryset = queryset.filter(round_id=filters.round)
    if filters.challenge is not None:
        queryset = queryset.filter(_choice(filters, challenge_id=filters.challenge))
    if filters.profile is not None:
        queryset = queryset.filter(_choice(filters, profile_id=filters.profile))
    if filters.score_min is not None:
        queryset = queryset.filter(score_mean__gte=float(filters.score_min))
    if filters.score_max is not None:
        queryset = queryset.filter(score_mean__lte=float(filters.score_max))
    if filters.reviewed_by is not None:
        queryset = queryset.filter(
            Exists(
                Review.objects.filter(
                    application=OuterRef("pk"), stage=PRESELECTION, reviewer_id=filters.reviewed_by
                )
            )
        )
    if filters.not_reviewed_by is not None:
        queryset = queryset.exclude(
            Exists(
                Review.objects.filter(
                    application=OuterRef("pk"),
                    stage=PRESELECTION,
                    reviewer_id=filters.not_reviewed_by,
                )
            )
        )
    if filters.eligibility:
        queryset = queryset.filter(eligibility=filters.eligibility)
    if filters.completeness:
        queryset = queryset.filter(completeness=filters.completeness)
    if filters.gender == NO_GENDER:
        queryset = queryset.filter(gender="")
    elif filters.gender:
        queryset = queryset.filter(gender=filters.gender)
    if filters.q:
        queryset = matching(queryset, filters.q, SEARCHED)
    return sort(queryset, filters.sort)


def sort(queryset, key: str):
    """Order applications by a known key ("name", "-score"...); ties by number."""
    descending = key.startswith("-")
    expressions = SORTS.get(key.lstrip("-"))
    if expressions is None:
        return sort(queryset, DEFAULT_SORT)
    # Applications without a score or a date come last either way.
    ordered = [
        e.desc(nulls_last=True) if descending else e.asc(nulls_last=True) for e in expressions
    ]
    ordered.append(F("pk").desc() if descending else F("pk").asc())
    return queryset.order_by(*ordered)


def _with_page_relations(queryset):
    return queryset.select_related("candidate", "round").prefetch_related(
        Prefetch(
            "choices", queryset=ApplicationChoice.objects.select_related("challenge", "profile")
        )
    )


def team_applications(call, user, filters: Filters):
    """The applications of the team's list: visible, annotated, filtered, sorted, prefetched."""
    queryset = with_review_stats(visible_applications(call, user))
    return _with_page_relations(apply_filters(queryset, filters))


def listed_ids(call, user, filters: Filters):
    """The ids of the team's list, filtered and sorted, to page through: the review figures
    are computed per row only when a filter or the sort asks for them."""
    queryset = with_review_stats(visible_applications(call, user))
    return apply_filters(queryset, filters).values_list("pk", flat=True)


def page_applications(ids) -> list:
    """The applications of one page (``ids``, in order) with their review figures."""
    ids = list(ids)
    found = _with_page_relations(with_review_stats(Application.objects.filter(pk__in=ids)))
    by_pk = {application.pk: application for application in found.order_by()}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def reviewers_of(call):
    """People who may have reviewed the call's applications: team, défi mentors, past reviewers."""
    from cohorte.people.models import Role

    user_model = get_user_model()
    team = user_model.groups.through.objects.filter(group__name__in=[TEAM_GROUP, DIRECTOR_GROUP])
    mentors = Role.objects.filter(
        kind=Role.Kind.OPERATIONAL_MENTOR, challenge__in=call.challenges.all()
    )
    return user_model.objects.filter(
        Q(pk__in=team.values("user_id"))
        | Q(pk__in=mentors.values("person__user_id"))
        | Q(pk__in=RawSQL(_CALL_REVIEWERS, [call.pk, call.pk]))
    ).order_by("last_name", "first_name", "email")


# Who reviewed in a call, read by walking the (call, reviewer) index from one reviewer to
# the next (a loose index scan): as many steps as the call has reviewers, however many
# reviews each wrote, where a DISTINCT would read every review of the call.
_REVIEWS = Review._meta.db_table
_CALL_REVIEWERS = f"""
    WITH RECURSIVE walk(id) AS (
        SELECT MIN(reviewer_id) FROM {_REVIEWS} WHERE call_id = %s
        UNION ALL
        SELECT (
            SELECT MIN(reviewer_id) FROM {_REVIEWS} WHERE call_id = %s AND reviewer_id > walk.id
        )
        FROM walk WHERE walk.id IS NOT NULL
    )
    SELECT id FROM walk WHERE id IS NOT NULL
"""
