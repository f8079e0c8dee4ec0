"""The end of programme (issue #12, §1): the team sets the closing and the results, the défis'
teams write their deliverables; every change logged and told by e-mail."""

import datetime
import html

import pytest
from django.conf import settings
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.challenges.models import ChallengeLink
from cohorte.notifications.models import OutboxMessage
from cohorte.outcomes import domain
from cohorte.outcomes.models import Closing, Deliverables, Result
from tests.outcomes.conftest import END

pytestmark = pytest.mark.django_db
TEAM_ADDRESSES = ["direction@example.org", "equipe@example.org"]


def text(response) -> str:
    return html.unescape(response.content.decode())


def _closing(world, **dues):
    return Closing.objects.create(
        cohort=world.cohort,
        report_sections=["Contexte", "Réalisations"],
        report_due=dues.get("report_due", datetime.date(2027, 11, 20)),
        pitch_due=dues.get("pitch_due", datetime.date(2027, 11, 25)),
        links_due=dues.get("links_due", datetime.date(2027, 11, 30)),
    )


def test_the_team_sets_the_closing_and_the_teams_learn_the_dates(client, cohort_world, on_day):
    on_day(datetime.date(2027, 10, 1))
    world = cohort_world
    client.force_login(world.users["team"])
    response = client.post(
        reverse("outcomes:cohort", args=[world.cohort.pk]),
        {
            "sections": "Contexte\n\n  Réalisations  \nContexte\nSuites",
            "report_due": "2027-11-20",
            "pitch_due": "2027-11-25",
            "links_due": "",
        },
    )
    assert response.status_code == 302
    closing = Closing.objects.get(cohort=world.cohort)
    assert closing.report_sections == ["Contexte", "Réalisations", "Suites"]
    assert (closing.report_due, closing.pitch_due, closing.links_due) == (
        datetime.date(2027, 11, 20),
        datetime.date(2027, 11, 25),
        None,
    )
    log = ActivityLog.objects.get(action="outcomes.closing_set")
    assert (log.actor, log.data["sections"], log.data["report_due"]) == (
        world.users["team"],
        3,
        "2027-11-20",
    )
    mail = OutboxMessage.objects.get()
    assert mail.to == [
        "alex@example.org", "camille@example.org", "lea@example.org",
        "morgane@example.org", "sacha@example.org",
    ]  # fmt: skip
    assert mail.subject == "Fin de programme : vos livrables finaux (Promotion 11)"
    assert "- le rapport final : le 20 novembre 2027" in mail.body
    assert "- le pitch du demo day : le 25 novembre 2027" in mail.body
    assert f"Déposez-les depuis votre espace : {settings.SITE_URL}/mon-espace/defis/" in mail.body
    # The same dates again: logged, nobody written to again.
    client.post(
        reverse("outcomes:cohort", args=[world.cohort.pk]),
        {"sections": "Contexte", "report_due": "2027-11-20", "pitch_due": "2027-11-25"},
    )
    assert OutboxMessage.objects.count() == 1
    assert ActivityLog.objects.filter(action="outcomes.closing_set").count() == 2


def test_a_closing_without_sections_is_refused(client, cohort_world):
    world = cohort_world
    client.force_login(world.users["director"])
    response = client.post(
        reverse("outcomes:cohort", args=[world.cohort.pk]), {"sections": " \n ", "report_due": ""}
    )
    assert response.status_code == 400
    assert "Indiquez au moins une section du rapport final." in text(response)
    assert not Closing.objects.exists()
    assert not ActivityLog.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_fellow_writes_the_deliverables(client, cohort_world, on_day):
    on_day(datetime.date(2027, 11, 22))
    world = cohort_world
    _closing(world)
    client.force_login(world.users["fellow"])
    url = reverse("outcomes:deliverables", args=[world.first.pk])
    page = text(client.get(url))
    assert "Contexte" in page and "Réalisations" in page
    assert "en retard" in page  # the report was due on the 20th
    response = client.post(
        url,
        {
            "section_0": "Les urgences manquent de données.",
            "section_1": "",
            "pitch_url": "https://video.example.org/pitch",
            "pitch_text": "",
            "code": "https://github.com/eig/sante\n\nhttps://github.com/eig/sante",
            "data": "https://www.data.gouv.fr/datasets/sante",
        },
    )
    assert response.status_code == 302
    found = Deliverables.objects.get(challenge=world.first)
    assert found.report == {"Contexte": "Les urgences manquent de données.", "Réalisations": ""}
    assert found.report_submitted_at is None  # a section is empty
    assert found.pitch_submitted_at is not None and found.links_submitted_at is not None
    assert found.updated_by == world.users["fellow"]
    links = set(world.first.links.values_list("kind", "url"))
    assert links == {
        ("code", "https://github.com/eig/sante"),
        ("data", "https://www.data.gouv.fr/datasets/sante"),
    }
    log = ActivityLog.objects.get(action="outcomes.deliverables_saved")
    assert (log.actor, log.data["submitted"]) == (world.users["fellow"], ["pitch", "links"])
    mail = OutboxMessage.objects.get()
    assert mail.to == TEAM_ADDRESSES
    assert mail.subject == "Livrables finaux du défi « Données de santé »"
    assert (
        "Le défi « Données de santé » a rendu le pitch du demo day et les liens vers le code "
        "et les données." in mail.body
    )
    # The report completed: the team is told of it alone; a removed link goes.
    client.post(
        url,
        {
            "section_0": "Les urgences manquent de données.",
            "section_1": "Un outil en production.",
            "pitch_url": "https://video.example.org/pitch",
            "code": "https://github.com/eig/sante",
        },
    )
    found.refresh_from_db()
    assert found.report_submitted_at is not None
    assert list(world.first.links.values_list("url", flat=True)) == ["https://github.com/eig/sante"]
    assert OutboxMessage.objects.count() == 2
    assert "a rendu le rapport final." in OutboxMessage.objects.latest("pk").body


def test_a_link_that_is_no_address_changes_nothing(client, cohort_world):
    world = cohort_world
    _closing(world)
    ChallengeLink.objects.create(challenge=world.first, kind="code", url="https://git.example/a")
    client.force_login(world.users["mentor"])
    response = client.post(
        reverse("outcomes:deliverables", args=[world.first.pk]),
        {"section_0": "Texte", "code": "https://git.example/a\ngit@github.com:eig/sante.git"},
    )
    assert response.status_code == 400
    assert "« git@github.com:eig/sante.git » n'est pas une adresse web (https://…)." in text(
        response
    )
    assert not Deliverables.objects.exists()
    assert list(world.first.links.values_list("url", flat=True)) == ["https://git.example/a"]
    assert not ActivityLog.objects.exists() and not OutboxMessage.objects.exists()


def test_the_team_sets_the_result(client, cohort_world):
    world = cohort_world
    client.force_login(world.users["team"])
    response = client.post(
        reverse("outcomes:result", args=[world.second.pk]),
        {
            "resultat-verdict": "partly",
            "resultat-note": "  Le cadastre est ouvert, pas encore l'API.  ",
        },
    )
    assert response.status_code == 302
    result = Result.objects.get(challenge=world.second)
    assert (result.verdict, result.note, result.decided_by) == (
        "partly",
        "Le cadastre est ouvert, pas encore l'API.",
        world.users["team"],
    )
    log = ActivityLog.objects.get(action="outcomes.result_set")
    assert log.data == {"challenge": world.second.pk, "verdict": "partly"}
    mail = OutboxMessage.objects.get()
    assert mail.to == ["lea@example.org", "sacha@example.org"]
    assert mail.subject == "Résultat du défi « Cadastre ouvert »"
    assert "« Cadastre ouvert » : objectifs atteints en partie." in mail.body
    page = text(client.get(reverse("outcomes:cohort", args=[world.cohort.pk])))
    assert "Objectifs atteints en partie" in page


def test_an_unknown_verdict_changes_nothing(client, cohort_world):
    world = cohort_world
    client.force_login(world.users["team"])
    response = client.post(
        reverse("outcomes:result", args=[world.second.pk]), {"resultat-verdict": "won"}
    )
    assert response.status_code == 400
    assert "Sélectionnez un choix valide. won n’en fait pas partie." in text(response)
    assert not Result.objects.exists() and not ActivityLog.objects.exists()


def test_the_cohort_table_shows_each_deliverable_status(client, cohort_world, on_day):
    on_day(datetime.date(2027, 11, 26))
    world = cohort_world
    _closing(world)
    Deliverables.objects.create(
        challenge=world.first,
        pitch_url="https://video.example.org/pitch",
        pitch_submitted_at=datetime.datetime(2027, 11, 24, 9, tzinfo=datetime.UTC),
    )
    rows = domain_rows(world)
    assert rows == {
        "Cadastre ouvert": ["late", "late", "missing"],
        "Données de santé": ["late", "submitted", "missing"],
    }
    client.force_login(world.users["team"])
    page = text(client.get(reverse("outcomes:cohort", args=[world.cohort.pk])))
    assert page.count("en retard") == 3 and page.count(">rendu<") == 1


def domain_rows(world):
    from cohorte.outcomes.views import _rows

    closing = Closing.objects.get(cohort=world.cohort)
    return {
        row["challenge"].title: [item["status"] for item in row["deliverables"]]
        for row in _rows(world.cohort, closing, datetime.date(2027, 11, 26))
    }


def test_end_of_the_cohort_is_the_same_as_the_world(cohort_world):
    assert cohort_world.cohort.end_date == END
    assert domain.add_months(END, 6) == datetime.date(2028, 5, 30)
    assert domain.add_months(datetime.date(2027, 8, 31), 6) == datetime.date(2028, 2, 29)
