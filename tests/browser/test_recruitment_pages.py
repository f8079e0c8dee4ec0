"""Recruiting the fellows in Chromium with axe-core on every page (issue #11, §1): the team
sets the arrival's steps, the host administration types the contract and ticks the steps,
the fellow reads their page, the team follows the cohort and chases the late."""

import datetime

import pytest
import time_machine
from django.test import Client

from cohorte.notifications.models import OutboxMessage
from cohorte.recruitment.models import Contract, OnboardingCheck
from tests.recruitment.conftest import recruitment  # noqa: F401 - the world, as a fixture

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, live_server, user):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_recruiting_a_fellow_from_the_pages(live_server, page, check_accessibility, recruitment):  # noqa: F811
    # A month before the cohort starts: a missing contract is late, missing steps not yet.
    with time_machine.travel(datetime.datetime(2026, 12, 10, 10, tzinfo=datetime.UTC), tick=True):
        team, host = recruitment.users["team"], recruitment.users["host"]
        _sign_in(page, live_server, team)
        page.goto(live_server.url + "/gestion/promotions/")
        assert page.locator("h1").inner_text() == "Promotions"
        check_accessibility(page)
        page.get_by_role("link", name="Étapes de l’arrivée — Promotion 11").click()
        page.get_by_label("Nouvelle étape").fill("Adresse de messagerie")
        page.get_by_role("button", name="Ajouter l’étape").click()
        assert "L'étape est ajoutée." in page.locator("main").inner_text()
        check_accessibility(page)

        _sign_in(page, live_server, host)
        page.goto(live_server.url + "/recrutement/")
        check_accessibility(page)
        page.get_by_role("link", name="Camille Roux").click()
        check_accessibility(page)
        page.get_by_label("Employeur", exact=True).fill("Direction générale de la santé")
        page.get_by_label("Type de contrat").select_option(label="contrat de projet")
        page.get_by_label("Début du contrat").fill("2027-01-04")
        page.get_by_label("Fin du contrat").fill("2026-12-31")  # before the start: refused
        page.get_by_label("Coût total employeur du contrat (€)").fill("68000")
        page.get_by_role("button", name="Enregistrer le contrat").click()
        assert "La fin du contrat doit être après son début." in page.locator("main").inner_text()
        check_accessibility(page)  # the form with its error
        assert not Contract.objects.exists()
        page.get_by_label("Fin du contrat").fill("2027-10-31")
        page.get_by_label("Date d'arrivée").fill("2027-01-11")
        page.get_by_role("button", name="Enregistrer le contrat").click()
        assert "Le contrat est enregistré." in page.locator("main").inner_text()
        page.get_by_label("Contrat signé").check(force=True)
        page.get_by_label("Charte signée").check(force=True)
        page.get_by_role("button", name="Enregistrer les étapes").click()
        assert "2 étape(s) faite(s) sur 6" in page.locator("main").inner_text()
        check_accessibility(page)
        assert OnboardingCheck.objects.count() == 2

        _sign_in(page, live_server, recruitment.users["fellow"])
        page.goto(f"{live_server.url}/recrutement/eig/{recruitment.fellow.pk}/")
        assert "Charte signée : faite le 10 décembre 2026" in page.locator("main").inner_text()
        check_accessibility(page)

        _sign_in(page, live_server, team)
        page.goto(f"{live_server.url}/gestion/promotions/{recruitment.cohort.pk}/recrutement/")
        page.screenshot(path="/tmp/shots/recruitment-cohort.png", full_page=True)
        main = page.locator("main").inner_text()
        assert "Arrivée en cours (1)" in main and "En retard (2)" in main  # Alex, Léa
        check_accessibility(page)
        page.get_by_role("link", name="En retard (2)").click()
        page.get_by_label("Relancer pour Léa Éluard").check(force=True)
        OutboxMessage.objects.all().delete()
        page.get_by_role("button", name="Relancer les administrations des EIG cochés").click()
        assert "1 administration(s) relancée(s) pour 1 EIG." in page.locator("main").inner_text()
        check_accessibility(page)
        [mail] = OutboxMessage.objects.all()
        assert mail.to == [recruitment.users["other_host"].email]
        page.get_by_role("link", name="Cofinancement et arrêté de transfert").click()
        assert "20 400,00 €" in page.locator("main").inner_text().replace("\u00a0", " ")
        check_accessibility(page)
        page.get_by_label("Date de l'étape").fill("2026-12-09")
        page.get_by_role("button", name="Enregistrer l’étape « rédigé »").click()
        assert "L'arrêté est à l'étape « rédigé »." in page.locator("main").inner_text()
        check_accessibility(page)
        page.set_viewport_size({"width": 375, "height": 800})  # on a phone
        page.goto(f"{live_server.url}/gestion/promotions/{recruitment.cohort.pk}/recrutement/")
        page.screenshot(path="/tmp/shots/recruitment-cohort-phone.png", full_page=True)
