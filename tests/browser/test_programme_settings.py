"""Issue #15's settings page in Chromium with axe-core: the team renames the programme and its
fellows, watches the header's live preview, is told what is missing, saves, and the site's
header and work menu use the new words at once."""

import pytest
from playwright.sync_api import expect

from cohorte.audit.models import ActivityLog
from cohorte.programmes.models import Programme
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_team_renames_the_programme_and_its_fellows(
    live_server, page, check_accessibility, sign_in_browser
):
    world = build_cohort_world()
    sign_in_browser(world.users["team"])
    page.goto(live_server.url + "/mon-espace/")
    page.get_by_role("link", name="Paramètres du programme", exact=True).click()
    page.wait_for_url("**/gestion/parametres/")
    check_accessibility(page)

    page.get_by_label("Nom du programme").fill("Talents du numérique")
    page.get_by_label("Nom d'un·e lauréat·e").fill("talent")
    page.get_by_label("Nom des lauréat·es").fill("talents")
    # The live preview draws the header with the unsaved values; the site's is unchanged.
    preview = page.locator("#apercu")
    expect(preview.locator(".fr-header__service-title")).to_have_text("Talents du numérique")
    expect(preview).to_contain_text("Recrutement des talents")
    expect(page.locator("header .fr-header__service-title")).to_have_text(
        "Entrepreneurs d'intérêt général"
    )
    check_accessibility(page)

    page.get_by_label("Adresse de contact").fill("talents@")
    page.get_by_role("button", name="Enregistrer les paramètres").click()
    expect(page.locator(".fr-alert--error")).to_contain_text("Saisissez une adresse e-mail valide.")
    check_accessibility(page)
    assert Programme.objects.get().name == "Entrepreneurs d'intérêt général"

    page.get_by_label("Adresse de contact").fill("talents@culture.gouv.fr")
    page.get_by_role("button", name="Enregistrer les paramètres").click()
    expect(page.locator(".fr-alert--success")).to_contain_text(
        "Les paramètres du programme sont enregistrés."
    )
    expect(page.locator("header .fr-header__service-title")).to_have_text("Talents du numérique")
    menu = page.locator("#menu-espace")
    expect(menu.get_by_role("link", name="Recrutement des talents")).to_have_count(1)
    check_accessibility(page)
    entry = ActivityLog.objects.get(action="programme.updated")
    assert set(entry.data["changes"]) == {
        "name", "fellow_singular", "fellow_plural", "contact_email",
    }  # fmt: skip
