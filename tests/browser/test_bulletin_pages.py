"""Weekly bulletins in Chromium with axe-core on every page (issue #11, §4): a fellow writes
and publishes on a phone, the team finds it in the archive and comments it."""

import datetime

import pytest
import time_machine

from cohorte.bulletins.models import Bulletin, Comment
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime.datetime(2027, 3, 11, 9, tzinfo=datetime.UTC)


def test_a_fellow_publishes_on_a_phone_and_the_team_comments(
    live_server, page, check_accessibility, sign_in_browser
):
    with time_machine.travel(NOW, tick=True):
        world = build_cohort_world()
        page.set_viewport_size({"width": 390, "height": 844})
        sign_in_browser(world.users["fellow"])
        page.goto(live_server.url + "/bulletins/")
        assert page.locator("h1").inner_text() == "Mes bulletins"
        check_accessibility(page)
        page.get_by_role("link", name="Bulletin de la semaine — Données de santé").click()
        assert page.locator("h1").inner_text() == "Bulletin de la semaine du 8 mars 2027"
        check_accessibility(page)
        page.get_by_label("Ce que nous avons fait").fill("x" * 5001)
        page.get_by_role("button", name="Publier le bulletin").click()
        main = page.locator("main").inner_text()
        assert "Ce texte dépasse 5\u202f000 caractères : raccourcissez-le." in main
        check_accessibility(page)  # the form with its error
        assert not Bulletin.objects.exists()
        page.get_by_label("Ce que nous avons fait").fill("Premier **prototype** testé")
        page.get_by_label("Où nous avons besoin d'aide").fill("Un accès aux données")
        page.get_by_role("button", name="Enregistrer le brouillon").click()
        assert "Le brouillon est enregistré." in page.locator("main").inner_text()
        page.get_by_label("Partager avec toute la promotion").check(force=True)
        page.get_by_role("button", name="Publier le bulletin").click()
        assert "Le bulletin est publié." in page.locator("main").inner_text()
        check_accessibility(page)
        page.screenshot(path="/tmp/shots/bulletin-phone.png", full_page=True)
        assert Bulletin.objects.get().shared

        page.context.clear_cookies()
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in_browser(world.users["team"])
        page.goto(live_server.url + "/bulletins/archive/")
        check_accessibility(page)
        page.get_by_label("Rechercher dans les bulletins").fill("prototype")
        page.get_by_role("button", name="Filtrer").click()
        assert "Premier prototype testé" in page.locator("main").inner_text()
        check_accessibility(page)
        page.get_by_role("link", name="Données de santé — semaine du 8 mars 2027").click()
        check_accessibility(page)
        page.get_by_label("Votre commentaire").fill("Nous vous mettons en relation.")
        page.get_by_label("Répond à la demande d'aide").check(force=True)
        page.get_by_role("button", name="Envoyer le commentaire").click()
        main = page.locator("main").inner_text()
        assert "Votre commentaire est envoyé à l'équipe du défi." in main
        assert "Nous vous mettons en relation." in main
        check_accessibility(page)
        assert Comment.objects.get().answers_help
        page.goto(live_server.url + "/bulletins/recapitulatif/")
        check_accessibility(page)
