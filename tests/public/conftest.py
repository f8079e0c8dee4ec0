"""Fixtures of the public-site tests: data builders and a query counter."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cohorte.challenges.models import Challenge, ChallengeLink
from cohorte.people.models import Role
from tests.factories import (
    AchievementFactory,
    CategoryFactory,
    ChallengeFactory,
    ExpertiseFactory,
    KeyFigureFactory,
    OrganisationFactory,
    PersonFactory,
    PostFactory,
    RoleFactory,
    ThemeFactory,
)


@pytest.fixture
def count_queries(client):
    """Request a URL on an empty cache; return (response, number of SQL queries)."""

    def count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        return response, len(queries)

    return count


def build_challenge(cohort=None, **kwargs) -> Challenge:
    """A public défi with everything its pages show: taxonomy, team, outcomes, links."""
    extra = {"cohort": cohort} if cohort else {}
    challenge = ChallengeFactory(funding_organisation=OrganisationFactory(), **extra, **kwargs)
    challenge.themes.add(ThemeFactory(), ThemeFactory())
    challenge.expertises.add(ExpertiseFactory(), ExpertiseFactory())
    challenge.partner_organisations.add(OrganisationFactory())
    KeyFigureFactory(challenge=challenge)
    AchievementFactory(challenge=challenge)
    ChallengeLink.objects.create(
        challenge=challenge,
        kind=ChallengeLink.Kind.CODE,
        url=f"https://git.example/{challenge.slug}",
    )
    for _ in range(2):
        fellow = RoleFactory(challenge=challenge, kind=Role.Kind.FELLOW)
        fellow.person.expertises.add(ExpertiseFactory())
    RoleFactory(challenge=challenge, kind=Role.Kind.OPERATIONAL_MENTOR)
    return challenge


@pytest.fixture
def make_challenge():
    """Build one fully related public défi (see build_challenge)."""
    return build_challenge


@pytest.fixture
def challenge_world():
    """Build ``n`` public défis (and one draft) with all their relations."""

    def build(n, cohort=None):
        challenges = [build_challenge(cohort) for _ in range(n)]
        ChallengeFactory(status=Challenge.Status.DRAFT, **({"cohort": cohort} if cohort else {}))
        return challenges

    return build


@pytest.fixture
def post_world():
    """Build ``n`` public posts with two categories each."""

    def build(n):
        posts = []
        for index in range(n):
            post = PostFactory(published_at=timezone.now() - datetime.timedelta(hours=index + 1))
            post.categories.add(CategoryFactory(), CategoryFactory())
            posts.append(post)
        return posts

    return build


@pytest.fixture
def person_world():
    """Build ``n`` public people with expertises and roles in two cohorts."""

    def build(n):
        people = []
        for _ in range(n):
            person = PersonFactory(github="someone", website="https://example.org")
            person.expertises.add(ExpertiseFactory(), ExpertiseFactory())
            RoleFactory(person=person, kind=Role.Kind.FELLOW)
            RoleFactory(person=person, kind=Role.Kind.ALUMNI)
            people.append(person)
        PersonFactory(is_public=False)
        return people

    return build
