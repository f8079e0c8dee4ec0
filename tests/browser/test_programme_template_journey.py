"""Issue #15 §3 in Chromium with axe-core: the team checks another programme's template,
sees what it will create and update, imports it, and the site takes the new name."""

import pytest
from playwright.sync_api import expect

from cohorte.audit.models import ActivityLog
from cohorte.programmes.models import Programme
from cohorte.programmes.templates_io import dumps, export_template
from tests.factories import team_and_director
from tests.programmes.template_world import configured_programme

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_team_imports_a_programme_template(
    live_server, page, check_accessibility, sign_in_browser
):
    configured_programme()
    team, _director = team_and_director()
    template = export_template(Programme.objects.get())
    template["programme"] |= {"name": "Talents du numérique", "short_name": "TDN"}
    template["sections"]["pages"].append({"slug": "talents", "title": "Les talents"})
    sign_in_browser(team)

    page.goto(live_server.url + "/gestion/parametres/modele/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Modèle du programme")
    expect(page.locator(".fr-header__service-title")).to_have_text(
        "Entrepreneurs d'intérêt général"
    )
    check_accessibility(page)
    page.get_by_label("Fichier du modèle (JSON)").set_input_files(
        {"name": "talents.json", "mimeType": "application/json", "buffer": dumps(template).encode()}
    )
    page.get_by_role("button", name="Vérifier le fichier").click()

    table = page.get_by_role("table", name="Ce que l’import va faire")
    expect(table.get_by_role("row", name="Pages du site 1 0 1")).to_be_visible()
    expect(table.get_by_role("row", name="Identité du programme 0 1 0")).to_be_visible()
    check_accessibility(page)
    assert Programme.objects.get().name == "Entrepreneurs d'intérêt général"

    page.get_by_role("button", name="Importer", exact=True).click()

    expect(page.locator(".fr-alert--success")).to_contain_text(
        "Modèle importé : 1 élément(s) créé(s), 1 mis à jour."
    )
    expect(page.locator(".fr-header__service-title")).to_have_text("Talents du numérique")
    check_accessibility(page)
    assert ActivityLog.objects.filter(action="programme.template_imported").count() == 1
