"""Milestones and key figures of a défi, and what the team publishes on its public page."""

import datetime
import html
from decimal import Decimal

import pytest
from django.urls import reverse

from cohorte.challenges.models import Achievement, ChallengeLink, KeyFigure
from cohorte.followup.models import FigureReading, Milestone
from tests.recruitment.conftest import actions as log

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def milestone_post(**changes):
    values = {
        "kind": "code_published",
        "title": "Code de l'outil",
        "due_on": "2027-05-01",
        "status": "done",
        "done_on": "",
        "evidence_url": "https://git.example.fr/sante/outil",
        "licence": "EUPL-1.2",
    }
    return {**values, **changes}


def test_a_mentor_adds_a_reached_milestone(client, cohort_world, on_day):
    world = cohort_world
    client.force_login(world.users["mentor"])
    response = client.post(
        reverse("followup:milestone_new", args=[world.first.pk]), milestone_post(), follow=True
    )
    assert "Le jalon est enregistré." in text(response)
    milestone = Milestone.objects.get()
    assert (milestone.status, milestone.done_on, milestone.updated_by) == (
        "done", on_day, world.users["mentor"],
    )  # fmt: skip
    assert log(milestone) == [
        (
            "followup.milestone_added",
            {
                "status": "done",
                "changed": [
                    "done_on",
                    "due_on",
                    "evidence_url",
                    "kind",
                    "licence",
                    "status",
                    "title",
                ],
            },
        )
    ]
    url = reverse("followup:milestone", args=[world.first.pk, milestone.pk])
    client.post(url, milestone_post(status="in_progress"))
    milestone.refresh_from_db()
    assert (milestone.status, milestone.done_on) == ("in_progress", None)
    assert log(milestone)[-1] == (
        "followup.milestone_updated",
        {"status": "in_progress", "changed": ["done_on", "status"]},
    )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"evidence_url": ""}, "Indiquez l'adresse du dépôt du code publié."),
        (
            {"kind": "data_published", "evidence_url": ""},
            "Indiquez l'adresse de la page du jeu de données publié.",
        ),
        ({"done_on": "2027-05-18"}, "Un jalon ne peut pas être atteint à une date future."),
        ({"evidence_url": "pas une adresse"}, "Saisissez une URL valide."),
    ],
)
def test_refused_milestones_change_nothing(client, cohort_world, on_day, changes, message):
    world = cohort_world
    client.force_login(world.users["fellow"])
    url = reverse("followup:milestone_new", args=[world.first.pk])
    response = client.post(url, milestone_post(**changes))
    assert response.status_code == 400
    assert message in text(response)
    assert not Milestone.objects.exists()


def test_a_planned_deliverable_needs_no_evidence(client, cohort_world, on_day):
    client.force_login(cohort_world.users["fellow"])
    url = reverse("followup:milestone_new", args=[cohort_world.first.pk])
    assert client.post(url, milestone_post(status="planned", evidence_url="")).status_code == 302
    assert Milestone.objects.get().done_on is None


def test_the_team_publishes_milestones_on_the_public_page(client, cohort_world, on_day):
    world = cohort_world
    challenge = world.first
    code = Milestone.objects.create(
        challenge=challenge, kind="code_published", title="Code de l'outil", status="done",
        due_on=on_day, done_on=on_day, evidence_url="https://git.example.fr/sante/outil",
    )  # fmt: skip
    users = Milestone.objects.create(
        challenge=challenge, kind="first_users", title="Premiers médecins utilisateurs",
        status="done", due_on=on_day, done_on=on_day, evidence_url="https://outil.example.fr",
    )  # fmt: skip
    planned = Milestone.objects.create(
        challenge=challenge, kind="in_production", title="Mise en production", due_on=on_day
    )
    client.force_login(world.users["team"])
    for milestone in (code, users):
        url = reverse("followup:milestone_publish", args=[challenge.pk, milestone.pk])
        response = client.post(url, follow=True)
        assert "Le jalon est publié sur la page du défi." in text(response)
    link = ChallengeLink.objects.get()
    assert (link.challenge, link.kind, link.url, link.label) == (
        challenge, "code", "https://git.example.fr/sante/outil", "Code de l'outil",
    )  # fmt: skip
    achievement = Achievement.objects.get()
    assert (achievement.title, achievement.url) == (
        "Premiers médecins utilisateurs", "https://outil.example.fr",
    )  # fmt: skip
    assert log(code) == [("followup.milestone_published", {"shown_as": "link"})]
    assert log(users) == [("followup.milestone_published", {"shown_as": "achievement"})]
    again = client.post(
        reverse("followup:milestone_publish", args=[challenge.pk, code.pk]), follow=True
    )
    assert "Ce jalon est déjà publié sur la page du défi." in text(again)
    url = reverse("followup:milestone_publish", args=[challenge.pk, planned.pk])
    assert "Seul un jalon atteint se publie sur la page du défi." in text(
        client.post(url, follow=True)
    )
    assert ChallengeLink.objects.count() == 1 and Achievement.objects.count() == 1
    planned.refresh_from_db()
    assert not planned.published and log(planned) == []


def test_key_figures_over_time_and_published(client, cohort_world, on_day):
    world = cohort_world
    challenge = world.first
    client.force_login(world.users["fellow"])
    url = reverse("followup:figures", args=[challenge.pk])
    for day, value in (("2027-03-01", "40"), ("2027-04-01", "120"), ("2027-05-01", "95")):
        response = client.post(
            url, {"label": "Utilisateurs actifs", "value": value, "measured_on": day}
        )
        assert response.status_code == 302
    reading = FigureReading.objects.order_by("pk").last()
    assert log(reading) == [
        (
            "followup.figure_recorded",
            {"label": "Utilisateurs actifs", "value": "95", "measured_on": "2027-05-01"},
        )
    ]
    response = client.post(
        url, {"label": "Utilisateurs actifs", "value": "1", "measured_on": "2027-05-18"}
    )
    assert response.status_code == 400
    assert "Une mesure ne peut pas être datée dans le futur." in text(response)
    assert FigureReading.objects.count() == 3
    page = text(client.get(url))
    assert "Dernière mesure : 95 le 01/05/2027." in page
    assert "+80" in page and "-25" in page
    assert "Publier la dernière valeur" not in page  # the team publishes

    client.force_login(world.users["team"])
    publish = reverse("followup:figure_publish", args=[challenge.pk])
    response = client.post(publish, {"indicateur": "Utilisateurs actifs"}, follow=True)
    assert "« Utilisateurs actifs » est publié sur la page du défi." in text(response)
    figure = KeyFigure.objects.get()
    assert (figure.challenge, figure.label, figure.amount) == (
        challenge, "Utilisateurs actifs", Decimal("95"),
    )  # fmt: skip
    assert log(challenge) == [
        (
            "followup.figure_published",
            {"label": "Utilisateurs actifs", "value": "95.00", "measured_on": "2027-05-01"},
        )
    ]
    FigureReading.objects.create(
        challenge=challenge, label="Utilisateurs actifs", value=130,
        measured_on=datetime.date(2027, 5, 15),
    )  # fmt: skip
    client.post(publish, {"indicateur": "Utilisateurs actifs"})
    figure = KeyFigure.objects.get()  # updated, not added
    assert figure.amount == Decimal("130")
    response = client.post(publish, {"indicateur": "Inconnu"}, follow=True)
    assert "Aucune mesure de cet indicateur n'est enregistrée." in text(response)
    assert KeyFigure.objects.count() == 1
