"""The public pages of the calls for applications."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorte.calls.models import Round
from cohorte.challenges.models import Challenge
from cohorte.content.models import FaqEntry
from cohorte.public.formats import format_moment
from tests.calls.conftest import CLOSES, OPENS, second_round
from tests.factories import (
    ApplicationCallFactory,
    ChallengeFactory,
    ExpertiseFactory,
    FaqEntryFactory,
    ProjectCallFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_call(db):
    call = ApplicationCallFactory(
        title="Appel à candidatures EIG 9",
        slug="eig-9",
        description="Rejoignez **EIG 9**.",
        calendar="- juin : auditions",
        rules="Lisez le *règlement*.",
        rules_url="https://exemple.gouv.fr/reglement.pdf",
    )
    dev = ExpertiseFactory(name="Développement", slug="developpement")
    challenge = ChallengeFactory(
        cohort=call.cohort, title="Défi Santé", slug="defi-sante",
        status=Challenge.Status.PUBLISHED,
    )  # fmt: skip
    challenge.expertises.add(dev)
    hidden = ChallengeFactory(cohort=call.cohort, title="Défi brouillon", status="draft")
    call.challenges.add(challenge, hidden)
    FaqEntryFactory(question="Qui peut candidater ?", answer="Toute personne **experte**.")
    FaqEntryFactory(
        audience=FaqEntry.Audience.ADMINISTRATIONS, question="Question d'administration"
    )
    return call


def test_call_page_for_anonymous_visitors(client, open_call):
    response = client.get(reverse("calls:call_detail", args=["eig-9"]))
    assert response.status_code == 200
    text = response.text
    assert "<h1>Appel à candidatures EIG 9</h1>" in text
    assert "<strong>EIG 9</strong>" in text
    round_ = open_call.rounds.get()
    from cohorte.public.formats import format_window

    assert format_window(round_.opens_at, round_.closes_at).replace("'", "&#x27;") in text
    assert '<a class="fr-link" href="/defis/defi-sante/">Défi Santé</a>' in text
    assert 'href="/defis/?expertise=developpement"' in text
    assert "Défi brouillon" not in text
    assert "Qui peut candidater ?" in text and "Question d&#x27;administration" not in text
    assert "https://exemple.gouv.fr/reglement.pdf" in text
    assert "vous classez jusqu&#x27;à 3 défis par ordre de préférence." in text
    assert "Candidater : créer un compte" in text
    assert f"{reverse('account_signup')}?next=/appels/eig-9/candidature/" in text


def test_the_window_of_a_call_closing_at_23h(client, db):
    call = ApplicationCallFactory(slug="juin", opens_at=OPENS, closes_at=CLOSES)
    call.rounds.update(opens_at=OPENS, closes_at=CLOSES)
    text = client.get(reverse("calls:call_detail", args=["juin"])).text
    assert "du 1er mai 2026 à 9 h 00 jusqu&#x27;au 7 juin 2026 à 23 h 00, heure de Paris" in text


def test_several_rounds_are_listed_with_their_interviews(client, db):
    call = ApplicationCallFactory(slug="sprints", opens_at=OPENS, closes_at=CLOSES)
    second = second_round(call)
    second.interviews_start = datetime.date(2026, 6, 15)
    second.interviews_end = datetime.date(2026, 6, 19)
    second.save()
    text = client.get(reverse("calls:call_detail", args=["sprints"])).text
    assert "Session 1" in text and "Session 2" in text
    assert "du 15 juin 2026 au 19 juin 2026" in text


def test_signed_in_candidate_sees_their_application(client, world):
    client.force_login(world.candidate)
    text = client.get(reverse("calls:call_detail", args=[world.call.slug])).text
    assert "Voir ma candidature" in text


def test_closed_and_upcoming_calls_say_so(client, db):
    now = timezone.now()
    ApplicationCallFactory(
        slug="passe",
        opens_at=now - datetime.timedelta(days=9),
        closes_at=now - datetime.timedelta(days=2),
    )
    Round.objects.filter(call__slug="passe").update(
        opens_at=now - datetime.timedelta(days=9), closes_at=now - datetime.timedelta(days=2)
    )
    ApplicationCallFactory(
        slug="futur",
        opens_at=now + datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=9),
    )
    Round.objects.filter(call__slug="futur").update(
        opens_at=now + datetime.timedelta(days=2), closes_at=now + datetime.timedelta(days=9)
    )
    assert "Cet appel est clos depuis le" in client.get("/appels/passe/").text
    assert "Le dépôt des candidatures ouvrira le" in client.get("/appels/futur/").text
    closed = format_moment(now - datetime.timedelta(days=2))
    assert f"clos le {closed}, heure de Paris" in client.get("/appels/").text


def test_a_call_for_projects_has_its_page_and_leads_to_the_form(client, db):
    # It had none: "Proposer un défi" led nowhere public (issue 9, item 4).
    call = ProjectCallFactory(slug="projets", title="Appel à projets EIG 10")
    FaqEntryFactory(audience=FaqEntry.Audience.ADMINISTRATIONS, question="Qui peut proposer ?")
    FaqEntryFactory(audience=FaqEntry.Audience.CANDIDATES, question="Qui peut candidater ?")

    response = client.get("/appels/projets/")

    assert response.status_code == 200
    page = response.text
    assert "<h1>Appel à projets EIG 10</h1>" in page
    assert f"Dépôt ouvert jusqu’au {format_moment(call.closes_at)}, heure de Paris." in page
    assert 'href="/compte/signup/?next=/projets/projets/nouvelle/"' in page
    assert 'href="/compte/login/?next=/projets/projets/nouvelle/"' in page
    assert "Qui peut proposer ?" in page and "Qui peut candidater ?" not in page
    assert client.get("/appels/inconnu/").status_code == 404


def test_a_signed_in_visitor_goes_straight_to_the_form(client, project_world):
    client.force_login(project_world.admin_user)
    page = client.get(project_world.call.get_absolute_url()).text
    new = reverse("projects:new", args=[project_world.call.slug])
    assert f'<a class="fr-btn" href="{new}">Proposer un défi</a>' in page
    assert client.get(new).status_code == 200


def test_the_page_is_cached_for_anonymous_visitors(client, open_call):
    url = reverse("calls:call_detail", args=["eig-9"])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 2  # served from the cache


def test_round_changes_bump_the_public_cache(open_call, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from cohorte.public.caching import VERSION_KEY

    cache.set(VERSION_KEY, "old", None)
    with django_capture_on_commit_callbacks(execute=True):
        open_call.rounds.update()  # no signal: no bump
    assert cache.get(VERSION_KEY) == "old"
    with django_capture_on_commit_callbacks(execute=True):
        round_ = open_call.rounds.get()
        round_.save()
    assert cache.get(VERSION_KEY) != "old"


def test_call_list_shows_open_and_upcoming_calls(client, open_call):
    now = timezone.now()
    upcoming = ApplicationCallFactory(
        title="Appel suivant",
        slug="suivant",
        opens_at=now + datetime.timedelta(days=30),
        closes_at=now + datetime.timedelta(days=60),
    )
    upcoming.rounds.update(opens_at=upcoming.opens_at, closes_at=upcoming.closes_at)
    text = client.get(reverse("calls:call_list")).text
    assert "Appel à candidatures EIG 9" in text
    assert "Appel suivant" in text
    assert (
        text.index("Appels ouverts")
        < text.index("Appel à candidatures EIG 9")
        < text.index("Appels à venir")
        < text.index("Appel suivant")
    )


@pytest.mark.parametrize("size", [2, 6])
def test_call_list_queries_do_not_grow_with_calls(client, db, size, django_assert_max_num_queries):
    for index in range(size):
        ApplicationCallFactory(slug=f"appel-liste-{index}")
    client.force_login(UserFactory())  # signed in: not served from the cache
    with django_assert_max_num_queries(12):
        assert client.get(reverse("calls:call_list")).status_code == 200


@pytest.mark.parametrize("size", [2, 6])
def test_call_page_queries_do_not_grow_with_challenges(
    client, db, size, django_assert_max_num_queries
):
    call = ApplicationCallFactory(slug="grand-appel")
    for _ in range(size):
        challenge = ChallengeFactory(cohort=call.cohort, status="published")
        challenge.expertises.add(ExpertiseFactory())
        call.challenges.add(challenge)
        FaqEntryFactory()
    client.force_login(UserFactory())
    with django_assert_max_num_queries(16):
        assert client.get(reverse("calls:call_detail", args=["grand-appel"])).status_code == 200
