"""Results stay confidential until the announcement; then consenting fellows are public."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application
from cohorte.people.models import Person, Role
from cohorte.selection.decisions import DecisionError
from cohorte.selection.publication import publish_due_results, publish_results
from tests.decisions.conftest import sent, validated
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ANNOUNCEMENT = datetime.datetime(2030, 7, 15, 8, 0, tzinfo=datetime.UTC)  # 10 h 00 in Paris


@pytest.fixture
def results(world, profile):
    """The world's candidate selected (consenting), the other one selected (not consenting)."""
    world.call.announcement_at = ANNOUNCEMENT
    world.call.save()
    Application.objects.filter(pk=world.application.pk).update(
        first_name="Ada", last_name="Lovelace", publication_consent=True
    )
    Application.objects.filter(pk=world.other_application.pk).update(
        first_name="Discrète", last_name="Personne", publication_consent=False
    )
    world.application.refresh_from_db()
    world.other_application.refresh_from_db()
    sent(world, profile=profile)
    sent(world, application=world.other_application, profile=profile)
    return world


def public_pages(client, world) -> str:
    pages = [
        client.get(reverse("public:challenge_detail", args=[world.challenge.slug])),
        client.get(reverse("public:challenge_detail", args=[world.other_challenge.slug])),
        client.get(reverse("public:person_list")),
    ]
    assert [page.status_code for page in pages] == [200, 200, 200]
    return "".join(html.unescape(page.content.decode()) for page in pages)


def test_nothing_is_public_before_the_announcement(client, results):
    before = ANNOUNCEMENT - datetime.timedelta(seconds=1)
    with pytest.raises(DecisionError) as error:
        publish_results(results.call, before)
    assert str(error.value) == (
        "Impossible de publier les résultats : les résultats restent confidentiels jusqu'à "
        "l'annonce publique du 15 juillet 2030 à 10 h 00. La direction du programme peut faire "
        "une exception en indiquant son motif."
    )
    assert not Person.objects.filter(full_name__in=["Ada Lovelace", "Discrète Personne"]).exists()
    assert publish_due_results(before) == 0
    pages = public_pages(client, results)
    assert "Ada Lovelace" not in pages
    assert "Discrète Personne" not in pages


@pytest.mark.django_db(transaction=True)  # the public cache is invalidated on commit
def test_after_the_announcement_consenting_fellows_appear(client, results, profile):
    pages = public_pages(client, results)  # cached while confidential
    assert "Ada Lovelace" not in pages

    counts = publish_results(results.call, ANNOUNCEMENT, actor=results.team)

    assert counts == {"fellows": 2, "public": 1, "people_created": 2, "roles_created": 2}
    ada = Person.objects.get(user=results.candidate)
    assert (ada.full_name, ada.slug, ada.is_public) == ("Ada Lovelace", "ada-lovelace", True)
    hidden = Person.objects.get(user=results.other_candidate)
    assert hidden.is_public is False
    assert list(
        Role.objects.filter(kind="fellow")
        .order_by("person__full_name")
        .values_list("person", "cohort", "challenge", "profile")
    ) == [
        (ada.pk, results.call.cohort_id, results.challenge.pk, profile.pk),
        (hidden.pk, results.call.cohort_id, results.other_challenge.pk, profile.pk),
    ]
    pages = public_pages(client, results)
    assert "Ada Lovelace" in pages
    assert "Discrète Personne" not in pages
    [entry] = ActivityLog.objects.filter(action="results.published")
    assert (entry.subject, entry.actor, entry.data) == (results.call, results.team, counts)


def test_publishing_twice_changes_nothing(results):
    publish_results(results.call, ANNOUNCEMENT)
    again = publish_results(results.call, ANNOUNCEMENT + datetime.timedelta(days=1))
    assert again == {"fellows": 2, "public": 1, "people_created": 0, "roles_created": 0}
    assert Person.objects.count() == 2 + 2  # the two mentors of the world, the two fellows
    assert Role.objects.filter(kind="fellow").count() == 2
    assert ActivityLog.objects.filter(action="results.published").count() == 1


def test_only_sent_selections_are_published(world, profile):
    world.call.announcement_at = ANNOUNCEMENT
    world.call.save()
    validated(world, profile=profile)  # validated, not sent: the candidate does not know yet
    sent(world, application=world.other_application, outcome="waiting_list")
    assert publish_results(world.call, ANNOUNCEMENT)["fellows"] == 0
    assert not Role.objects.filter(kind="fellow").exists()


def test_an_existing_person_is_reused_and_made_public_with_consent(results):
    person = PersonFactory(full_name="Ada L.", user=results.candidate, is_public=False)
    publish_results(results.call, ANNOUNCEMENT)
    person.refresh_from_db()
    assert person.is_public is True
    assert person.full_name == "Ada L."  # the person's own page is not rewritten
    assert Role.objects.get(person=person, kind="fellow").challenge == results.challenge


def test_a_slug_already_taken_gets_a_suffix(results):
    PersonFactory(full_name="Ada Lovelace", slug="ada-lovelace")
    publish_results(results.call, ANNOUNCEMENT)
    assert Person.objects.get(user=results.candidate).slug == "ada-lovelace-2"


def test_the_daily_job_publishes_announced_calls(results):
    assert publish_due_results(ANNOUNCEMENT - datetime.timedelta(minutes=1)) == 0
    assert publish_due_results(ANNOUNCEMENT) == 2
    assert publish_due_results(ANNOUNCEMENT) == 0


def test_a_call_without_announcement_date_is_never_published(world, profile):
    sent(world, profile=profile)
    with pytest.raises(DecisionError, match="n'a pas de date d'annonce publique"):
        publish_results(world.call, timezone.now())


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (ANNOUNCEMENT - datetime.timedelta(hours=1), "les résultats restent confidentiels"),
        (ANNOUNCEMENT, "Résultats publiés : 2 EIG retenu·e(s), dont 1 visible(s)"),
    ],
)
def test_the_publish_button(client, results, monkeypatch, moment, message):
    monkeypatch.setattr(timezone, "now", lambda: moment)
    client.force_login(results.team)
    response = client.post(
        reverse("selection:decision_publish", args=[results.call.slug]), follow=True
    )
    assert message in html.unescape(response.content.decode())
    assert Role.objects.filter(kind="fellow").exists() == (moment >= ANNOUNCEMENT)
