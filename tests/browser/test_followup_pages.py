"""Following a défi in Chromium with axe-core on every page (issue #11, §3): a fellow
writes the month's check-in with an action; a month and more later, the team's dashboard
shows the action overdue and the défi in alert."""

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from cohorte.followup.models import Action, CheckIn
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    return build_cohort_world()


def test_a_check_in_then_the_dashboard(
    live_server, page, check_accessibility, sign_in_browser, world
):
    first = world.first
    with time_machine.travel(datetime.datetime(2027, 5, 17, 10, tzinfo=datetime.UTC), tick=True):
        sign_in_browser(world.users["fellow"])
        page.goto(live_server.url + "/mon-espace/")
        page.get_by_role("link", name="Promotion 11 : points d’étape").click()
        assert page.locator("h1").inner_text() == "Suivi du défi « Données de santé »"
        check_accessibility(page)
        page.get_by_role("link", name="Nouveau point d’étape").click()
        page.get_by_label("Date du point").fill("2027-05-12")
        page.get_by_label("à risque").check(force=True)
        page.get_by_label("Avancées depuis le dernier point").fill("Le prototype tourne.")
        page.get_by_label("accès aux données").check(force=True)
        page.locator("#id_actions-0-title").fill("Écrire à la CNIL")
        page.locator("#id_actions-0-owner").select_option(str(world.users["second_fellow"].pk))
        page.locator("#id_actions-0-due_on").fill("2027-05-20")
        page.locator("#id_actions-1-title").fill("Sans responsable")  # refused, nothing saved
        page.get_by_role("button", name="Enregistrer le point d’étape").click()
        main = page.locator("main").inner_text()
        assert "Choisissez le ou la responsable de l'action." in main
        check_accessibility(page)  # the form with its errors
        assert not CheckIn.objects.exists()
        page.locator("#id_actions-1-title").fill("")
        page.get_by_role("button", name="Enregistrer le point d’étape").click()
        assert "Le point d'étape est enregistré." in page.locator("main").inner_text()
        check_accessibility(page)
        action = Action.objects.get()
        assert (action.title, action.owner) == ("Écrire à la CNIL", world.users["second_fellow"])
        page.goto(f"{live_server.url}/suivi/defis/{first.pk}/indicateurs/")
        page.get_by_label("Indicateur").fill("Médecins utilisateurs")
        page.get_by_label("Valeur").fill("42")
        page.get_by_label("Mesuré le").fill("2027-05-15")
        page.get_by_role("button", name="Enregistrer la mesure").click()
        assert "Dernière mesure : 42 le 15/05/2027." in page.locator("main").inner_text()
        check_accessibility(page)
        page.goto(f"{live_server.url}/suivi/defis/{first.pk}/jalons/nouveau/")
        check_accessibility(page)

    # Five weeks on: the action is late by more than a month.
    with time_machine.travel(datetime.datetime(2027, 6, 25, 10, tzinfo=datetime.UTC), tick=True):
        page.context.clear_cookies()
        sign_in_browser(world.users["team"])
        page.goto(live_server.url + "/suivi/")
        check_accessibility(page)
        page.get_by_role("link", name="Tableau de bord — Promotion 11").click()
        page.wait_for_url("**/promotions/*/suivi/")
        row = page.locator("tr", has_text="Données de santé")
        row.locator("td").first.wait_for()  # all_inner_texts() does not wait for the page
        cells = row.locator("td").all_inner_texts()
        # Last check-in, last bulletin, overdue actions, overdue milestones, sessions missed.
        assert cells[1:6] == ["12/05/2027", "—", "1", "0", "0"]
        assert "Une action en retard de plus d'un mois" in cells[6]
        assert "Aucun bulletin publié depuis 3 semaines" in cells[6]
        check_accessibility(page)
        page.get_by_label("Seulement les défis en alerte").check(force=True)
        page.get_by_role("button", name="Filtrer").click()
        expect(page.locator("tbody tr")).to_have_count(2)
        check_accessibility(page)
