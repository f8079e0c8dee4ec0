"""What came next, in Chromium with axe-core on every page (issue #12): a fellow records
their path and shares it; the public « Que sont-ils devenus ? » shows it, the directory
shows it to another fellow, the team reads it in its list."""

import datetime

import pytest
import time_machine

from cohorte.alumni.models import AlumniProfile, CareerStep
from cohorte.programmes.models import Cohort
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    world = build_cohort_world()
    Cohort.objects.filter(pk=world.cohort.pk).update(status=Cohort.Status.FINISHED)
    return world


def test_a_fellow_shares_their_path(live_server, page, check_accessibility, sign_in_browser, world):
    with time_machine.travel(datetime.datetime(2028, 3, 1, 10, tzinfo=datetime.UTC), tick=True):
        sign_in_browser(world.users["fellow"])
        page.goto(live_server.url + "/mon-espace/")
        page.locator("main").get_by_role("link", name="Mon parcours d'alumni").click()
        assert page.locator("h1").inner_text() == "Mon parcours après le programme"
        check_accessibility(page)
        page.locator("#id_etape-situation").select_option("own_company")
        page.locator("#id_etape-organisation").fill("Camille Conseil")
        page.locator("#id_etape-job_title").fill("Fondatrice")
        page.locator("#id_etape-since").fill("2029-01-01")
        page.get_by_role("button", name="Ajouter l’étape").click()
        assert "La date ne peut pas être dans le futur." in page.locator("main").inner_text()
        check_accessibility(page)  # the form with its errors
        assert not CareerStep.objects.exists()
        page.locator("#id_etape-since").fill("2028-01-02")
        page.get_by_role("button", name="Ajouter l’étape").click()
        main = page.locator("main").inner_text()
        assert "L'étape est ajoutée à votre parcours." in main
        assert "Camille Conseil" in main
        page.get_by_role("checkbox", name="Apparaître dans l'annuaire").check(force=True)
        page.get_by_role("checkbox", name="Publier mon parcours").check(force=True)
        page.locator("#id_partage-contact").fill("camille@example.org")
        page.get_by_role("button", name="Enregistrer mes choix").click()
        assert "Vos choix de partage sont enregistrés." in page.locator("main").inner_text()
        check_accessibility(page)
        profile = AlumniProfile.objects.get()
        assert (profile.in_directory, profile.path_public) == (True, True)

        page.context.clear_cookies()
        page.goto(live_server.url + "/promotions/")
        page.get_by_role("link", name="Que sont-ils devenus ?").first.click()
        assert page.locator("h1").inner_text() == "Que sont-ils devenus ?"
        main = page.locator("main").inner_text()
        assert "Camille Roux" in main and "Camille Conseil" in main
        assert "camille@example.org" not in main
        check_accessibility(page)

        sign_in_browser(world.users["other_fellow"])
        page.goto(live_server.url + "/communaute/alumni/")
        row = page.locator("tr", has_text="Camille Roux")
        assert "camille@example.org" in row.inner_text()
        check_accessibility(page)
        page.get_by_label("Nom", exact=True).fill("personne")
        page.get_by_role("button", name="Filtrer").click()
        assert "Aucun alumni ne correspond à ces critères." in page.locator("main").inner_text()
        check_accessibility(page)

        page.context.clear_cookies()
        sign_in_browser(world.users["team"])
        page.goto(live_server.url + "/gestion/alumni/")
        check_accessibility(page)
        page.get_by_role("link", name="Camille Roux").click()
        assert page.locator("h1").inner_text() == "Parcours de Camille Roux"
        check_accessibility(page)
