"""The end of programme in Chromium with axe-core (issue #12): the team's cohort page and a
défi's page, then a mentor answers the 6-month follow-up by the personal link, a first time
with a date before the programme's end (refused), then right; the link says it was answered."""

import datetime
import json
import re

import pytest
import time_machine

from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.sealing import unseal
from cohorte.outcomes import domain, jobs
from cohorte.outcomes.models import Closing, FollowUp, Sustainment
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db(transaction=True)
SENT_ON = datetime.date(2028, 5, 30)


@pytest.fixture
def world(transactional_db):
    return build_cohort_world()


def test_the_team_pages_and_the_follow_up_answer(
    live_server, page, check_accessibility, sign_in_browser, world
):
    Closing.objects.create(
        cohort=world.cohort,
        report_sections=["Contexte", "Réalisations"],
        report_due=datetime.date(2027, 11, 20),
    )
    now = datetime.datetime(2028, 5, 30, 10, tzinfo=datetime.UTC)
    with time_machine.travel(now, tick=True):
        jobs.follow_up(SENT_ON, now)
        mail = OutboxMessage.objects.get(to=["morgane@example.org"])
        link = re.search(r"/suivi-perennisation/\S+/", json.loads(unseal(mail.sealed_body))["body"])
        sign_in_browser(world.users["team"])
        page.goto(live_server.url + "/gestion/fin-de-programme/")
        check_accessibility(page)
        page.get_by_role("link", name="Fin de programme — Promotion 11").click()
        assert page.locator("h1").inner_text() == "Fin de programme — Promotion 11"
        row = page.locator("tr", has_text="Données de santé")
        assert row.locator("td").first.inner_text().strip().lower() == "en retard"
        check_accessibility(page)
        row.get_by_role("link", name="Données de santé").click()
        check_accessibility(page)
        page.get_by_label("objectifs atteints en partie").check(force=True)
        page.get_by_role("button", name="Enregistrer le résultat").click()
        assert "Le résultat du défi est enregistré." in page.locator("main").inner_text()
        check_accessibility(page)

        page.context.clear_cookies()
        page.goto(live_server.url + link.group(0))
        assert page.locator("h1").inner_text() == "Que devient le défi « Données de santé » ?"
        check_accessibility(page)
        page.get_by_role("radio", name="pérennisé", exact=True).check(force=True)
        page.locator("#id_by").select_option("internal_team")
        page.get_by_label("Depuis le", exact=True).fill("2027-11-01")
        page.get_by_role("button", name="Envoyer ma réponse").click()
        assert (
            "La date doit être postérieure à la fin du programme (30 novembre 2027)."
            in page.locator("main").inner_text()
        )
        check_accessibility(page)  # the form with its error
        assert not Sustainment.objects.exists()
        page.get_by_label("Depuis le", exact=True).fill("2028-01-15")
        page.get_by_role("button", name="Envoyer ma réponse").click()
        assert page.locator("h1").inner_text() == "Merci, votre réponse est enregistrée."
        check_accessibility(page)
        assert Sustainment.objects.get().follow_up == FollowUp.objects.get(
            challenge=world.first, months=6
        )
        page.goto(live_server.url + link.group(0))
        assert (
            "Ce suivi a déjà reçu une réponse le 30 mai 2028." in page.locator("main").inner_text()
        )
        check_accessibility(page)
    assert domain.schedule(world.cohort) == 0
