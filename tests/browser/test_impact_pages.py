"""The impact report in Chromium with axe-core (issue #12, §3): the public page with its
charts and their tables, the team's page filtered, and the send form with a bad address."""

import pytest
import time_machine

from cohorte.accounts.roles import add_to_team
from tests.factories import UserFactory
from tests.impact.world import NOW, build_impact_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_public_and_team_impact_pages(
    live_server, page, check_accessibility, sign_in_browser, transactional_db
):
    with time_machine.travel(NOW, tick=True):
        world = build_impact_world()
        team = UserFactory(username="equipe")
        add_to_team(team)
        page.goto(live_server.url + "/")
        page.get_by_role("navigation", name="Menu principal").get_by_role(
            "link", name="Impact"
        ).click()
        assert page.locator("h1").inner_text() == "L’impact du programme"
        row = page.locator("#chiffre-sustained_12")
        assert row.locator("td").all_inner_texts()[:2] == ["50\u202f%", "1 sur 2"]
        assert page.locator("svg[role=img]").count() == 5
        check_accessibility(page)

        sign_in_browser(team)
        page.goto(live_server.url + "/mon-espace/")
        page.get_by_role("link", name="Impact du programme").first.click()
        assert page.locator("h1").inner_text() == "Impact du programme"
        check_accessibility(page)
        page.get_by_label("Thème", exact=True).select_option(label="Santé")
        page.get_by_role("button", name="Filtrer").click()
        assert page.locator("#chiffre-sustained_12 td").first.inner_text() == "100\u202f%"
        check_accessibility(page)
        page.get_by_role("link", name="Envoyer le rapport de la Promotion 4").click()
        page.get_by_label("Adresse e-mail du destinataire").fill("prefet@")
        page.get_by_role("button", name="Envoyer le rapport").click()
        assert (
            "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."
            in page.locator("main").inner_text()
        )
        check_accessibility(page)
        page.get_by_label("Adresse e-mail du destinataire").fill("prefet@interieur.gouv.fr")
        page.get_by_role("button", name="Envoyer le rapport").click()
        assert (
            "Le rapport de la Promotion 4 est envoyé à prefet@interieur.gouv.fr."
            in page.locator("main").inner_text()
        )
        assert world.fourth.name == "Promotion 4"
