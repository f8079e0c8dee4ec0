"""The programme team's back office in Chromium, with axe-core on every page."""

import pytest
from django.test import Client

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application, Note
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_team_screens_applications(live_server, page, check_accessibility):
    world = build_world()
    _sign_in(page, live_server, world.team)

    page.goto(live_server.url + "/gestion/")
    assert page.locator("h1").inner_text() == "Gestion des appels à candidatures"
    check_accessibility(page)

    page.get_by_role("link", name=world.call.title).click()
    page.wait_for_url(f"**/gestion/appels/{world.call.pk}/")
    assert page.locator("svg[role=img]").count() == 6
    check_accessibility(page)

    page.get_by_role("link", name="Voir les candidatures").click()
    page.wait_for_url("**/candidatures/")
    check_accessibility(page)
    page.get_by_label("Statut").select_option(value="submitted")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**/candidatures/?*status=submitted*")
    page.locator("label[for=tout-cocher]").click()  # DSFR draws the box on the label
    page.get_by_label("Action sur les candidatures cochées").select_option(value="eligible")
    page.get_by_role("button", name="Appliquer…").click()
    assert page.locator("h1").inner_text() == "Confirmer l’action"
    check_accessibility(page)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/candidatures/?*status=submitted*")
    assert "2 candidatures modifiées." in page.locator("main").inner_text()
    assert set(Application.objects.values_list("eligibility", flat=True)) == {"eligible"}

    page.get_by_role("link", name=world.application.last_name).first.click()
    page.wait_for_url(f"**/gestion/candidatures/{world.application.pk}/")
    check_accessibility(page)
    page.get_by_label("Nouvelle note interne").fill("À rappeler lundi.")
    page.get_by_role("button", name="Ajouter la note").click()
    page.wait_for_url(lambda url: url.endswith("#notes"))
    assert Note.objects.get().body == "À rappeler lundi."
    page.get_by_label("Nouvelle note interne").fill("   ")  # blank: refused, explained
    page.get_by_role("button", name="Ajouter la note").click()
    page.wait_for_url("**/notes/")
    assert "La note est vide" in page.locator("#notes").inner_text()
    assert Note.objects.count() == 1
    check_accessibility(page)

    page.goto(live_server.url + f"/gestion/appels/{world.call.pk}/export/")
    check_accessibility(page)
    page.locator("label[for=format-csv]").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert ActivityLog.objects.filter(action="applications.exported").count() == 1
