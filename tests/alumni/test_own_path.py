"""A fellow's path and consents from their space (/mon-espace/parcours/), and the team's
pages (/gestion/alumni/): steps checked, audited, the fellow told when the team adds one."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from cohorte.alumni.models import AlumniProfile, CareerStep
from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.people.models import Person
from tests.cohort_world import cohort_world  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2028, 3, 1, 10, tzinfo=datetime.UTC)
MINE = "/mon-espace/parcours/"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def person_of(world, role="fellow"):
    return Person.objects.get(user=world.users[role])


def step_data(**changes):
    data = {
        "formulaire": "etape",
        "etape-situation": "other_administration",
        "etape-organisation": "Direction du numérique",
        "etape-job_title": "Cheffe de produit",
        "etape-since": "2027-12-01",
    }
    return {**data, **changes}


def consent_data(**changes):
    data = {"formulaire": "partage", "partage-contact": ""}
    data.update(changes)
    return data


def log(action):
    return [(e.action, e.data) for e in ActivityLog.objects.filter(action=action).order_by("pk")]


def main_text(response) -> str:
    return response.content.decode()


def test_the_fellow_adds_a_step_audited_without_an_email(client, cohort_world):  # noqa: F811
    client.force_login(cohort_world.users["fellow"])
    assert client.get(MINE).status_code == 200

    response = client.post(MINE, step_data())

    assert response.status_code == 302 and response.url == MINE + "#parcours"
    step = CareerStep.objects.get()
    person = person_of(cohort_world)
    assert (step.person, step.situation, step.organisation, step.job_title, step.since) == (
        person,
        "other_administration",
        "Direction du numérique",
        "Cheffe de produit",
        datetime.date(2027, 12, 1),
    )
    assert step.recorded_by == cohort_world.users["fellow"]
    assert log("alumni.step_added") == [
        (
            "alumni.step_added",
            {
                "person": person.pk,
                "situation": "other_administration",
                "since": "2027-12-01",
                "by": "fellow",
            },
        )
    ]
    assert ActivityLog.objects.get(action="alumni.step_added").actor == cohort_world.users["fellow"]
    assert not OutboxMessage.objects.exists()
    page = main_text(client.get(MINE))
    assert "L&#x27;étape est ajoutée à votre parcours." in page
    assert "Dans une autre administration" in page and "Direction du numérique" in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"etape-since": "2028-03-02"}, "La date ne peut pas être dans le futur."),
        (
            {"etape-since": "2027-01-03"},
            "La date ne peut pas précéder le début de la promotion, le 4 janvier 2027.",
        ),
        ({"etape-since": ""}, "Indiquez depuis quand."),
        ({"etape-since": "31/02/2027"}, "Saisissez une date valide."),
        ({"etape-situation": ""}, "Choisissez une situation."),
        (
            {"etape-situation": "astronaut"},
            "Sélectionnez un choix valide. astronaut n’en fait pas partie.",
        ),
    ],
)
def test_a_bad_step_is_refused_with_its_message(client, cohort_world, changes, message):  # noqa: F811
    client.force_login(cohort_world.users["fellow"])

    response = client.post(MINE, step_data(**changes))

    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not CareerStep.objects.exists()
    assert not ActivityLog.objects.filter(action__startswith="alumni.").exists()


def test_today_and_the_cohort_start_are_accepted(client, cohort_world):  # noqa: F811
    client.force_login(cohort_world.users["fellow"])
    assert client.post(MINE, step_data(**{"etape-since": "2027-01-04"})).status_code == 302
    assert client.post(MINE, step_data(**{"etape-since": "2028-03-01"})).status_code == 302
    assert CareerStep.objects.count() == 2


def test_consents_are_saved_and_audited_each_change(client, cohort_world):  # noqa: F811
    client.force_login(cohort_world.users["fellow"])
    person = person_of(cohort_world)
    assert not AlumniProfile.objects.exists()  # nothing shared until the fellow says so

    response = client.post(
        MINE,
        consent_data(**{"partage-in_directory": "on", "partage-contact": "camille@example.org"}),
    )

    assert response.status_code == 302 and response.url == MINE + "#partage"
    profile = AlumniProfile.objects.get(person=person)
    assert (profile.in_directory, profile.path_public, profile.contact) == (
        True,
        False,
        "camille@example.org",
    )
    assert log("alumni.consent_changed") == [
        (
            "alumni.consent_changed",
            {"person": person.pk, "changes": {"in_directory": [False, True], "contact": "modifié"}},
        )
    ]
    assert "Vos choix de partage sont enregistrés." in main_text(client.get(MINE))

    # The same choices again: nothing changes, nothing is logged.
    client.post(
        MINE,
        consent_data(**{"partage-in_directory": "on", "partage-contact": "camille@example.org"}),
    )
    assert len(log("alumni.consent_changed")) == 1
    assert "Vos choix de partage n&#x27;ont pas changé." in main_text(client.get(MINE))

    # Withdrawn: at once.
    client.post(MINE, consent_data(**{"partage-contact": "camille@example.org"}))
    profile.refresh_from_db()
    assert profile.in_directory is False
    assert log("alumni.consent_changed")[-1][1]["changes"] == {"in_directory": [True, False]}


def test_a_contact_too_long_is_refused(client, cohort_world):  # noqa: F811
    client.force_login(cohort_world.users["fellow"])
    response = client.post(
        MINE, consent_data(**{"partage-in_directory": "on", "partage-contact": "x" * 301})
    )
    assert response.status_code == 400
    assert (
        "Assurez-vous que cette valeur comporte au plus 300 caractères (actuellement 301)."
        in response.content.decode()
    )
    assert not AlumniProfile.objects.exists()
    assert not ActivityLog.objects.filter(action__startswith="alumni.").exists()


def test_the_team_adds_a_step_and_the_fellow_is_told(client, cohort_world):  # noqa: F811
    team = cohort_world.users["team"]
    person = person_of(cohort_world)
    url = reverse("alumni:team_fellow", args=[person.pk])
    client.force_login(team)
    assert client.get(url).status_code == 200

    response = client.post(url, step_data(**{"etape-situation": "private_sector"}))

    assert response.status_code == 302 and response.url == url
    step = CareerStep.objects.get()
    assert (step.person, step.recorded_by, step.situation) == (person, team, "private_sector")
    entry = ActivityLog.objects.get(action="alumni.step_added")
    assert entry.actor == team and entry.data["by"] == "team"
    mail = OutboxMessage.objects.get()
    assert mail.to == [cohort_world.users["fellow"].email]
    assert mail.subject == "Votre parcours après le programme a été mis à jour"
    assert "dans le secteur privé, depuis le 1er décembre 2027" in mail.body
    assert "/mon-espace/parcours/" in mail.body
    page = main_text(client.get(url))
    assert "L&#x27;étape est ajoutée au parcours de Camille Roux." in page
    assert "l’équipe du programme" in page


def test_the_team_cannot_change_consents(client, cohort_world):  # noqa: F811
    person = person_of(cohort_world)
    url = reverse("alumni:team_fellow", args=[person.pk])
    client.force_login(cohort_world.users["team"])

    response = client.post(url, consent_data(**{"partage-path_public": "on"}))

    assert response.status_code == 400  # read as a step with its fields empty
    assert not AlumniProfile.objects.exists()
    assert not CareerStep.objects.exists()
    assert not OutboxMessage.objects.exists()
    # Nor through the fellow's own page, which is the fellow's only.
    assert client.post(MINE, consent_data(**{"partage-path_public": "on"})).status_code == 403
    assert not AlumniProfile.objects.exists()


def test_the_team_bad_step_changes_nothing(client, cohort_world):  # noqa: F811
    person = person_of(cohort_world)
    client.force_login(cohort_world.users["director"])
    response = client.post(
        reverse("alumni:team_fellow", args=[person.pk]), step_data(**{"etape-since": "2029-01-01"})
    )
    assert response.status_code == 400
    assert "La date ne peut pas être dans le futur." in response.content.decode()
    assert not CareerStep.objects.exists() and not OutboxMessage.objects.exists()
    assert not ActivityLog.objects.filter(action__startswith="alumni.").exists()


def test_a_person_who_is_no_fellow_has_no_page(client, cohort_world):  # noqa: F811
    mentor = person_of(cohort_world, "mentor")
    client.force_login(cohort_world.users["team"])
    url = reverse("alumni:team_fellow", args=[mentor.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, step_data()).status_code == 404
    assert not CareerStep.objects.exists()


def test_a_fellow_without_an_account_is_written_to_at_their_contact_address(
    client,
    cohort_world,  # noqa: F811
):
    from tests.factories import PersonFactory, RoleFactory

    former = PersonFactory(full_name="Inès Morel", email="ines@example.org")
    RoleFactory(
        kind="fellow", cohort=cohort_world.cohort, challenge=cohort_world.first, person=former
    )
    silent = PersonFactory(full_name="Sans Adresse")
    RoleFactory(
        kind="fellow", cohort=cohort_world.cohort, challenge=cohort_world.first, person=silent
    )
    client.force_login(cohort_world.users["team"])

    client.post(reverse("alumni:team_fellow", args=[former.pk]), step_data())
    client.post(reverse("alumni:team_fellow", args=[silent.pk]), step_data())

    assert CareerStep.objects.count() == 2
    assert [m.to for m in OutboxMessage.objects.all()] == [["ines@example.org"]]
    assert OutboxMessage.objects.get().body.startswith("Bonjour Inès Morel,")
