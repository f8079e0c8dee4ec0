"""The open data page and the API documentation in Chromium, with axe-core (issue #12, §4)."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_open_data_page_and_api_documentation(
    live_server, page, check_accessibility, settings, tmp_path, lay_demo
):
    settings.OPENDATA_ROOT = tmp_path / "donnees"
    lay_demo()
    call_command("export_opendata", str(settings.OPENDATA_ROOT))

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Données ouvertes").click()
    page.wait_for_url("**/donnees/")
    assert page.locator("h1").inner_text() == "Données ouvertes"
    assert "Dernier export :" in page.locator("main").inner_text()
    check_accessibility(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Défis en CSV", exact=True).click()
    assert download.value.suggested_filename == "defis.csv"

    page.get_by_role("link", name="API publique").first.click()
    page.wait_for_url("**/api/v1/docs")
    assert page.locator("h1").inner_text() == "API publique"
    check_accessibility(page)
    page.get_by_role("link", name="Défis : liste").click()
    assert page.locator("#defis_liste").is_visible()
