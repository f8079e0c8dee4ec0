"""The home page: programme, key figures, calls and latest posts."""

import datetime
import html
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.calls.models import Call
from cohorte.challenges.models import Challenge
from cohorte.people.models import Role
from tests.factories import (
    CallFactory,
    ChallengeFactory,
    CohortFactory,
    OrganisationFactory,
    PersonFactory,
    PostFactory,
    ProgrammeFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("public:home")
PARIS = ZoneInfo("Europe/Paris")


def test_home_presents_the_programme_from_its_description(client):
    ProgrammeFactory(name="Entrepreneurs d'intérêt général", description="Un programme **unique**.")

    page = client.get(HOME).content.decode()

    assert "<h1>Entrepreneurs d&#x27;intérêt général</h1>" in page
    assert "<strong>unique</strong>" in page


def test_home_has_a_default_presentation_without_programme(client):
    response = client.get(HOME)

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "<h1>Entrepreneurs d'intérêt général</h1>" in page
    assert "talents du numérique" in page


def test_key_figures_are_computed_from_the_data(client):
    host = OrganisationFactory()
    first = ChallengeFactory(host_organisation=host)
    second = ChallengeFactory(host_organisation=host)
    third = ChallengeFactory()
    ChallengeFactory(status=Challenge.Status.DRAFT)  # its organisation and défi do not count
    fellow = PersonFactory(is_public=False)  # counted: a figure, not a profile
    RoleFactory(person=fellow, challenge=first)
    RoleFactory(person=fellow, challenge=second, kind=Role.Kind.FELLOW)
    RoleFactory(challenge=third)
    RoleFactory(challenge=third, kind=Role.Kind.OPERATIONAL_MENTOR)
    CohortFactory()

    response = client.get(HOME)

    assert response.context["figures"] == {
        "fellows": 2,
        "challenges": 3,
        "organisations": 2,
        "cohorts": 5,
    }
    page = response.content.decode()
    assert '<span class="public-figure">3</span> défis' in page
    assert '<span class="public-figure">2</span> EIG recruté·es' in page


def test_home_shows_open_and_upcoming_calls_with_exact_windows(client):
    now = timezone.now()
    CallFactory(
        title="Appel à candidatures EIG 9",
        kind=Call.Kind.APPLICATIONS,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=datetime.datetime(2099, 6, 8, 0, 0, tzinfo=PARIS),
    )
    CallFactory(
        title="Appel à projets EIG 10",
        kind=Call.Kind.PROJECTS,
        opens_at=datetime.datetime(2099, 9, 1, 9, 0, tzinfo=PARIS),
        closes_at=datetime.datetime(2099, 10, 15, 23, 0, tzinfo=PARIS),
    )
    CallFactory(
        title="Appel clos",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
    )

    response = client.get(HOME)

    assert [call.title for call in response.context["open_calls"]] == ["Appel à candidatures EIG 9"]
    assert [call.title for call in response.context["upcoming_calls"]] == ["Appel à projets EIG 10"]
    page = html.unescape(response.content.decode())
    assert "jusqu'au 8 juin 2099 à 0 h 00 (dans la nuit du 7 au 8 juin), heure de Paris" in page
    assert (
        "Dépôt des dossiers du 1er septembre 2099 à 9 h 00 jusqu'au 15 octobre 2099 à 23 h 00, "
        "heure de Paris." in page
    )
    assert "Appel clos" not in page
    assert page.index("Appel à candidatures EIG 9") < page.index("Appel à projets EIG 10")


def test_home_says_when_no_call_is_open(client):
    assert "Aucun appel n’est ouvert en ce moment." in client.get(HOME).content.decode()


def test_home_shows_the_three_latest_public_posts(client, post_world):
    posts = post_world(5)
    PostFactory(title="Brouillon", is_published=False, published_at=timezone.now())

    response = client.get(HOME)

    assert [post.title for post in response.context["latest_posts"]] == [
        post.title for post in posts[:3]
    ]


def test_home_has_a_constant_number_of_queries(count_queries, challenge_world, post_world):
    challenge_world(2)
    post_world(1)
    CallFactory()
    _response, small = count_queries(HOME)
    challenge_world(10)
    post_world(6)
    CallFactory()
    CallFactory(opens_at=timezone.now() + datetime.timedelta(days=3))
    _response, large = count_queries(HOME)

    assert small == large
