"""The way to apply and to propose a défi is obvious from every page (issue 9, item 4)."""

import datetime
import html
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.calls.models import Call, Round
from tests.factories import (
    ApplicationCallFactory,
    CallFactory,
    ChallengeFactory,
    CohortFactory,
    ProjectCallFactory,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _call(factory=ApplicationCallFactory, *, opens_in=-1, closes_in=20, **kwargs):
    now = timezone.now()
    call = factory(opens_at=now + opens_in * DAY, closes_at=now + closes_in * DAY, **kwargs)
    Round.objects.filter(call=call).update(opens_at=call.opens_at, closes_at=call.closes_at)
    return call


def _target(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 302
    return response["Location"]


@pytest.mark.parametrize(
    ("url", "kind", "faq"),
    [
        ("/candidater/", Call.Kind.APPLICATIONS, "/faq/candidats/"),
        ("/proposer-un-defi/", Call.Kind.PROJECTS, "/faq/administrations/"),
    ],
)
def test_the_menu_leads_to_the_open_call_else_the_next_else_the_faq(client, url, kind, faq):
    factory = ProjectCallFactory if kind == Call.Kind.PROJECTS else ApplicationCallFactory
    other = ApplicationCallFactory if kind == Call.Kind.PROJECTS else ProjectCallFactory
    assert _target(client, url) == faq
    _call(other)  # a call of the other kind never answers
    _call(factory, opens_in=-30, closes_in=-2)  # closed
    assert _target(client, url) == faq
    later = _call(factory, opens_in=40, closes_in=60)
    sooner = _call(factory, opens_in=10, closes_in=30)
    assert _target(client, url) == sooner.get_absolute_url()
    _call(factory, opens_in=-5, closes_in=25)
    closing_first = _call(factory, opens_in=-5, closes_in=3)
    assert _target(client, url) == closing_first.get_absolute_url()
    assert later.get_absolute_url() != closing_first.get_absolute_url()


def test_between_two_rounds_the_call_is_not_open_and_the_next_round_is_shown(client):
    now = timezone.now()
    call = ApplicationCallFactory(opens_at=now - 10 * DAY, closes_at=now + 30 * DAY)
    call.rounds.update(closes_at=now - 2 * DAY)
    Round.objects.create(
        call=call, name="Session 2", opens_at=now + 5 * DAY, closes_at=call.closes_at
    )
    assert _target(client, "/candidater/") == call.get_absolute_url()
    page = html.unescape(client.get(call.get_absolute_url()).text)
    assert "Le dépôt des candidatures ouvrira le" in page


def test_the_menu_has_the_calls_and_the_ways_in(client):
    page = client.get("/").text
    for href, label in [
        ("/appels/", "Appels"),
        ("/candidater/", "Candidater"),
        ("/proposer-un-defi/", "Proposer un défi"),
    ]:
        assert f'<a class="fr-nav__link" href="{href}">{label}</a>' in page


def test_the_home_buttons_lead_to_the_calls(client):
    applications = _call(title="Appel à candidatures EIG 10")
    projects = _call(ProjectCallFactory, title="Appel à projets EIG 11")
    page = client.get("/").text
    assert 'href="/candidater/">Devenir EIG</a>' in page
    assert 'href="/proposer-un-defi/">Proposer un défi</a>' in page
    assert (
        f'<a class="fr-btn" href="{projects.get_absolute_url()}">Découvrir l’appel et proposer un '
        'défi<span class="fr-sr-only"> : Appel à projets EIG 11</span></a>'
    ) in page
    assert (
        f'<a class="fr-btn" href="{applications.get_absolute_url()}">Découvrir l’appel et '
        'candidater<span class="fr-sr-only"> : Appel à candidatures EIG 10</span></a>'
    ) in page


def test_the_list_of_calls_shows_both_kinds(client):
    _call(title="Appel à candidatures EIG 10")
    _call(ProjectCallFactory, opens_in=3, title="Appel à projets EIG 11")
    page = html.unescape(client.get("/appels/").text)
    assert page.index("Appel à candidatures EIG 10") < page.index("Appels à venir")
    assert page.index("Appels à venir") < page.index("Appel à projets EIG 11")
    assert "Voir l’appel et candidater" in page
    assert "Appel à projets · Promotion" in page


def test_a_defi_open_for_applications_has_a_candidater_button(client):
    challenge = ChallengeFactory(title="Aides Vélo")
    call = _call(title="Appel à candidatures EIG 10", cohort=challenge.cohort)
    call.challenges.add(challenge)

    page = client.get(challenge.get_absolute_url()).text

    assert "Ce défi recrute" in page
    assert (
        f'<a class="fr-btn" href="{call.get_absolute_url()}">Candidater<span class="fr-sr-only">'
        " : Appel à candidatures EIG 10</span></a>"
    ) in page


def test_a_defi_of_an_upcoming_call_says_when_and_a_closed_one_nothing(client):
    upcoming, closed, alone = ChallengeFactory(), ChallengeFactory(), ChallengeFactory()
    _call(opens_in=5, closes_in=30).challenges.add(upcoming)
    _call(opens_in=-30, closes_in=-1).challenges.add(closed)
    _call(ProjectCallFactory).challenges.add(alone)  # a call for projects recruits no one

    page = html.unescape(client.get(upcoming.get_absolute_url()).text)
    assert "Ce défi recrutera bientôt" in page and "Candidatures à partir du" in page
    for challenge in (closed, alone):
        assert "Ce défi recrute" not in client.get(challenge.get_absolute_url()).text


def test_a_promotion_whose_call_is_open_links_to_it(client):
    cohort = CohortFactory(name="Promotion 10")
    call = _call(cohort=cohort, title="Appel à candidatures EIG 10")
    _call(cohort=cohort, opens_in=-30, closes_in=-1, title="Appel clos")

    page = client.get(cohort.get_absolute_url()).text

    assert "Les appels de la promotion" in page
    assert f'href="{call.get_absolute_url()}">Voir l’appel et candidater' in page
    assert "Appel clos" not in page


def test_the_calls_are_in_the_site_map_and_the_sitemap(client):
    call = CallFactory(slug="eig-10")
    assert 'href="/appels/"' in client.get(reverse("public:site_map")).text
    root = ET.fromstring(client.get("/sitemap.xml").content)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    # Paths only: the sitemap's host is the site's address, whichever it is.
    paths = {
        urlsplit(url.find(f"{namespace}loc").text).path for url in root.findall(f"{namespace}url")
    }
    assert {"/appels/", call.get_absolute_url()} <= paths
