"""The team's list of alumni, the members' directory and the public « Que sont-ils devenus ? »:
filtered in the database, paginated, and showing only what each fellow agreed to share."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from cohorte.alumni.models import AlumniProfile, CareerStep
from cohorte.people.models import Person, Role
from cohorte.programmes.models import Cohort
from tests.cohort_world import cohort_world  # noqa: F401
from tests.factories import ChallengeFactory, CohortFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2028, 3, 1, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def person_of(world, role):
    return Person.objects.get(user=world.users[role])


def step(person, situation, since, organisation=""):
    return CareerStep.objects.create(
        person=person, situation=situation, since=since, organisation=organisation
    )


def consent(person, **values):
    AlumniProfile.objects.update_or_create(person=person, defaults=values)


def rows(response) -> list[str]:
    """The row headers of the page's tables, in order (names, or situations)."""
    html = response.content.decode()
    bodies = "".join(re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S))
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r'<th scope="row">(.*?)</th>', bodies, flags=re.S)
    ]


@pytest.fixture
def finished(cohort_world):  # noqa: F811
    """The world's cohort finished; Camille and Léa with steps, Alex with none."""
    Cohort.objects.filter(pk=cohort_world.cohort.pk).update(status=Cohort.Status.FINISHED)
    camille, lea = person_of(cohort_world, "fellow"), person_of(cohort_world, "other_fellow")
    step(camille, "host_administration", datetime.date(2027, 12, 1), "Santé publique France")
    step(camille, "private_sector", datetime.date(2028, 2, 1), "Une jeune pousse")
    step(lea, "other_administration", datetime.date(2027, 12, 15), "IGN")
    step(person_of(cohort_world, "other_cohort_fellow"), "studies", datetime.date(2027, 9, 1))
    return cohort_world


def test_the_team_list_shows_fellows_of_finished_cohorts_and_their_current_step(client, finished):
    client.force_login(finished.users["team"])
    url = reverse("alumni:team_list")

    response = client.get(url)

    assert response.status_code == 200
    # Noé's cohort still runs: not listed.
    assert rows(response) == ["Alex Petit", "Camille Roux", "Léa Éluard"]
    html = response.content.decode()
    assert "Dans le secteur privé" in html and "Une jeune pousse" in html
    assert "Santé publique France" not in html  # a former step
    assert rows(client.get(url, {"situation": "private_sector"})) == ["Camille Roux"]
    assert rows(client.get(url, {"situation": "none"})) == ["Alex Petit"]
    assert rows(client.get(url, {"q": "lea"})) == ["Léa Éluard"]
    assert rows(client.get(url, {"tri": "-nom"})) == ["Léa Éluard", "Camille Roux", "Alex Petit"]
    assert rows(client.get(url, {"tri": "depuis"})) == ["Léa Éluard", "Camille Roux", "Alex Petit"]
    assert rows(client.get(url, {"tri": "situation"}))[0] == "Léa Éluard"  # "other_…" first
    # A value not offered is no filter, never an error.
    assert rows(client.get(url, {"situation": "astronaut", "tri": "x"})) == rows(response)


def test_the_team_list_filters_by_cohort_and_pages(client, finished):
    older = CohortFactory(name="Promotion 3", status=Cohort.Status.FINISHED, year=2019)
    challenge = ChallengeFactory(cohort=older)
    for number in range(31):
        RoleFactory(
            kind=Role.Kind.FELLOW,
            cohort=older,
            challenge=challenge,
            person=PersonFactory(full_name=f"Ancien {number:02d}"),
        )
    client.force_login(finished.users["director"])
    url = reverse("alumni:team_list")

    by_cohort = client.get(url, {"promotion": str(finished.cohort.pk)})
    assert rows(by_cohort) == ["Alex Petit", "Camille Roux", "Léa Éluard"]
    first = client.get(url, {"promotion": str(older.pk)})
    assert len(rows(first)) == 30
    assert "31 alumni" in first.content.decode()
    second = client.get(url, {"promotion": str(older.pk), "page": "2"})
    assert rows(second) == ["Ancien 30"]
    assert f"promotion={older.pk}" in second.content.decode()  # the pagination keeps the filter


def test_the_directory_lists_only_who_opted_in(client, finished):
    camille, lea = person_of(finished, "fellow"), person_of(finished, "other_fellow")
    noe = person_of(finished, "other_cohort_fellow")
    consent(camille, in_directory=True, contact="camille@example.org")
    consent(lea, in_directory=False, path_public=True, contact="lea@example.org")
    consent(noe, in_directory=True)
    client.force_login(finished.users["second_fellow"])
    url = reverse("alumni:directory")

    response = client.get(url)

    assert rows(response) == ["Camille Roux", "Noé Garnier"]
    html = response.content.decode()
    assert "camille@example.org" in html and "lea@example.org" not in html
    assert "Une jeune pousse" in html and "Données de santé" in html
    assert rows(client.get(url, {"q": "noe"})) == ["Noé Garnier"]
    assert rows(client.get(url, {"promotion": str(finished.cohort.pk)})) == ["Camille Roux"]
    assert rows(client.get(url, {"situation": "studies"})) == ["Noé Garnier"]
    # Withdrawn: gone at once.
    consent(camille, in_directory=False)
    assert rows(client.get(url)) == ["Noé Garnier"]


def test_the_public_page_shows_consenting_public_fellows_only(client, finished):
    camille, lea = person_of(finished, "fellow"), person_of(finished, "other_fellow")
    noe = person_of(finished, "other_cohort_fellow")
    consent(camille, path_public=True, contact="camille@example.org")
    consent(lea, in_directory=True)  # the directory only
    consent(noe, path_public=True)
    Person.objects.filter(pk=noe.pk).update(is_public=False)  # not public on the site

    response = client.get(reverse("alumni:public"))

    assert response.status_code == 200
    assert rows(response) == ["Dans le secteur privé", "Camille Roux"]  # counts, then people
    html = response.content.decode()
    assert f'href="{camille.get_absolute_url()}"' in html
    assert "Une jeune pousse" in html
    assert "camille@example.org" not in html  # the contact is for the directory only
    assert "IGN" not in html and "Noé" not in html and "Léa" not in html


def test_the_public_page_counts_each_current_situation(client, finished):
    for role in ("fellow", "second_fellow", "other_fellow"):
        consent(person_of(finished, role), path_public=True)
    step(person_of(finished, "second_fellow"), "private_sector", datetime.date(2028, 1, 1))

    html = client.get(reverse("alumni:public")).content.decode()

    counts = re.findall(r'<th scope="row">([^<]+)</th><td class="fr-cell--right">(\d+)</td>', html)
    assert counts == [("Dans une autre administration", "1"), ("Dans le secteur privé", "2")]


def test_the_public_page_is_in_the_sitemap_and_linked(client, finished):
    assert "/que-sont-ils-devenus/" in client.get("/sitemap.xml").content.decode()
    assert 'href="/que-sont-ils-devenus/"' in client.get("/promotions/").content.decode()
    assert 'href="/que-sont-ils-devenus/"' in client.get("/plan-du-site/").content.decode()
