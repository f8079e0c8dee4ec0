"""Read-only queries of the public site, each with a fixed number of SQL queries."""

import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cohorte.calls import current
from cohorte.calls.models import Call
from cohorte.challenges.models import Challenge
from cohorte.content.models import Category, Post
from cohorte.impact.figures import headline
from cohorte.people.models import Person, Role
from cohorte.programmes.models import Cohort
from cohorte.search import matching


def _count(queryset, group_by: str, counted: str = "pk", distinct: bool = False):
    # A correlated COUNT subquery: unlike several joined Counts, it never multiplies rows.
    counts = (
        queryset.order_by()
        .values(group_by)
        .annotate(n=Count(counted, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


# Défis


def challenge_cards():
    """Public défis with what a card shows, newest promotion first."""
    return (
        Challenge.objects.public()
        .select_related("cohort", "host_organisation")
        .prefetch_related("themes")
        .order_by("-cohort__year", "-cohort__number", "title", "pk")
    )


def filter_challenges(queryset, filters: dict[str, str]):
    """Défis matching the catalogue filters (slugs and free text)."""
    if filters.get("promotion"):
        queryset = queryset.filter(cohort__slug=filters["promotion"])
    if filters.get("theme"):
        queryset = queryset.filter(themes__slug=filters["theme"])
    if filters.get("expertise"):
        queryset = queryset.filter(expertises__slug=filters["expertise"])
    if filters.get("organisation"):
        queryset = queryset.filter(host_organisation__slug=filters["organisation"])
    if filters.get("q"):
        queryset = matching(
            queryset, filters["q"], ["search_text", "host_organisation__search_text"]
        )
    return queryset


def challenge_detail():
    """Public défis with everything their page shows."""
    team = (
        Role.objects.filter(person__is_public=True)
        .select_related("person", "challenge")
        .order_by("person__full_name", "pk")
    )
    return (
        Challenge.objects.public()
        .select_related("cohort", "host_organisation", "funding_organisation")
        .prefetch_related(
            "partner_organisations",
            "themes",
            "expertises",
            "key_figures",
            "achievements",
            "links",
            Prefetch("roles", queryset=team, to_attr="public_roles"),
        )
    )


# People


def person_cards():
    """Public people with their roles (and promotions) for the directory cards."""
    roles = Role.objects.select_related("cohort").order_by("cohort__year", "kind", "pk")
    return (
        Person.objects.public()
        .prefetch_related(Prefetch("roles", queryset=roles))
        .order_by("full_name", "pk")
    )


def filter_people(queryset, filters: dict[str, str]):
    """People matching the directory filters; promotion and role apply to the same role."""
    role_conditions = {}
    if filters.get("promotion"):
        role_conditions["cohort__slug"] = filters["promotion"]
    if filters.get("role"):
        role_conditions["kind"] = filters["role"]
    if role_conditions:
        # Exists, not a join: a person with two matching roles is listed once.
        queryset = queryset.filter(
            Exists(Role.objects.filter(person=OuterRef("pk"), **role_conditions))
        )
    if filters.get("expertise"):
        queryset = queryset.filter(expertises__slug=filters["expertise"])
    if filters.get("q"):
        queryset = matching(queryset, filters["q"])
    return queryset


def person_detail():
    """Public people with their expertises and roles."""
    roles = Role.objects.select_related("cohort", "challenge").order_by(
        "-cohort__year", "kind", "pk"
    )
    return Person.objects.public().prefetch_related("expertises", Prefetch("roles", queryset=roles))


# Promotions


def cohort_summaries():
    """Every promotion with its number of public défis and of EIG."""
    public = Challenge.objects.public().filter(cohort=OuterRef("pk"))
    fellows = Role.objects.filter(cohort=OuterRef("pk"), kind=Role.Kind.FELLOW)
    return Cohort.objects.annotate(
        challenge_count=_count(public, "cohort"),
        fellow_count=_count(fellows, "cohort", "person", distinct=True),
    ).order_by("-year", "-number", "name")


def cohort_members(cohort):
    """Public people's roles in a promotion, by name."""
    return (
        Role.objects.filter(cohort=cohort, person__is_public=True)
        .select_related("person", "challenge")
        .order_by("person__full_name", "pk")
    )


# Home


def key_figures() -> dict[str, int]:
    """The programme in four numbers, computed from the data by the impact report's queries."""
    return headline()


def calls_at(moment):
    """Open and upcoming calls at ``moment`` (rounds considered), soonest first."""
    states = current.ahead(Call.objects.all(), moment)
    return {
        "open": [s.call for s in states if s.is_open],
        "upcoming": [s.call for s in states if not s.is_open],
    }


# Blog


def post_cards():
    """Public posts, newest first, with their categories, tags and linked authors."""
    return (
        Post.objects.public()
        .prefetch_related("categories", "tags", "authors")
        .order_by("-published_at", "-pk")
    )


def listed_post_cards():
    """Public posts the lists show: filled and closed job offers are left out."""
    return post_cards().listed()


def offer_cards():
    """Open job offers, newest first."""
    return post_cards().open_offers()


def next_offer_closing():
    """When the next open job offer closes (midnight after its last day, Paris time)."""
    last_day = (
        Post.objects.public()
        .open_offers()
        .filter(open_until__isnull=False)
        .order_by("open_until")
        .values_list("open_until", flat=True)
        .first()
    )
    return closing_moment(last_day)


def closing_moment(last_day: datetime.date | None):
    """The moment an offer open until ``last_day`` closes: the next midnight, Paris time."""
    if last_day is None:
        return None
    midnight = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(midnight)


def post_categories():
    """Categories that have at least one public post."""
    return Category.objects.filter(Exists(Post.objects.public().filter(categories=OuterRef("pk"))))


def next_post_publication():
    """When the next scheduled post goes public (pages listing posts change then)."""
    return (
        Post.objects.filter(is_published=True, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def next_post_list_change():
    """When post lists next change with time alone: a post goes public or an offer closes."""
    moments = [m for m in (next_post_publication(), next_offer_closing()) if m is not None]
    return min(moments, default=None)
