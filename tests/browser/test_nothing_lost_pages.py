"""In a real browser: a section over its limit is flagged while the rest is saved (autosave
and the save button), and the team edits a selected défi's public page; axe on each."""

import pytest
from playwright.sync_api import expect

from cohorte.challenges.models import Challenge
from cohorte.projects.models import Proposal
from tests.project_world import after_auditions
from tests.projects.admin_helpers import draft
from tests.projects.decisions_helpers import profile, send

pytestmark = pytest.mark.django_db(transaction=True)
LIMIT = "« Contexte et problématique à résoudre » dépasse 1 500 caractères (1 600 saisis)"


@pytest.fixture
def world(transactional_db):
    from tests.project_world import build_project_world

    return build_project_world()


def test_a_faulty_section_is_flagged_and_the_rest_saved(
    live_server, page, check_accessibility, sign_in_browser, world
):
    proposal = draft(world)
    sign_in_browser(world.admin_user)
    page.goto(f"{live_server.url}/projets/propositions/{proposal.pk}/")
    page.wait_for_selector("#formulaire-proposition")
    check_accessibility(page)

    page.fill("#section-solution", "Une solution qui tient.")
    page.fill("#section-problem", "x" * 1600)
    # Not an alert (re-sent at every save, it would be re-read): the status's summary is heard.
    banner = page.locator("#autosave-banner .fr-alert")
    expect(banner).to_contain_text("Non enregistré : 1 point à corriger.", timeout=8000)
    expect(banner.get_by_role("link", name=LIMIT)).to_be_visible()
    expect(page.locator("#section-problem-messages")).to_contain_text(LIMIT)
    expect(page.locator("#autosave-status")).to_contain_text("Brouillon enregistré à")
    assert page.locator("#section-problem").input_value() == "x" * 1600  # the text stays
    saved = Proposal.objects.get(pk=proposal.pk)
    assert saved.data["sections"]["solution"] == "Une solution qui tient."
    assert "problem" not in saved.data["sections"]
    check_accessibility(page)

    # Without waiting for the autosave: the button saves the rest and shows the text again.
    page.fill("#title", "Détecter les fraudes")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    summary = page.locator("#erreurs")
    expect(summary).to_contain_text("sauf 1 point(s) à corriger ci-dessous", timeout=8000)
    expect(summary.get_by_role("link", name=LIMIT)).to_be_visible()
    assert page.locator("#section-problem").input_value() == "x" * 1600
    assert Proposal.objects.get(pk=proposal.pk).title == "Détecter les fraudes"
    check_accessibility(page)

    # Fixed, the next autosave saves it and clears the banner and the field's message.
    page.fill("#section-problem", "Un contexte court.")
    expect(page.locator("#autosave-status")).to_contain_text("Brouillon enregistré à", timeout=8000)
    expect(page.locator("#autosave-banner")).to_be_empty(timeout=8000)
    expect(page.locator("#section-problem-messages")).to_be_empty()
    assert Proposal.objects.get(pk=proposal.pk).data["sections"]["problem"] == "Un contexte court."


def test_the_team_edits_the_public_page_of_a_selected_defi(
    live_server, page, check_accessibility, sign_in_browser, world
):
    after_auditions(world)  # the défis are selected after the jury, on screened proposals
    profile()
    send(world, world.proposal)
    challenge = Proposal.objects.get(pk=world.proposal.pk).challenge
    sign_in_browser(world.team)
    page.goto(f"{live_server.url}/gestion/projets/{world.call.pk}/defis/")
    check_accessibility(page)
    page.get_by_role("link", name=f"Modifier la page publique {challenge.title}").click()
    page.wait_for_selector("#tagline")
    check_accessibility(page)
    assert "Obstacles" not in page.locator("form[method=post]").inner_text()

    page.fill("#title", "")
    page.fill("#tagline", "Des contrôles mieux ciblés.")
    page.get_by_role("button", name="Enregistrer la page publique").click()
    expect(page.locator("#erreurs")).to_contain_text("Titre : indiquez le nom du défi.")
    assert page.locator("#tagline").input_value() == "Des contrôles mieux ciblés."
    check_accessibility(page)

    page.fill("#title", "Détecter les fraudes sociales")
    page.get_by_role("button", name="Enregistrer la page publique").click()
    expect(page.get_by_text("La page publique du défi est enregistrée.")).to_be_visible()
    check_accessibility(page)
    challenge = Challenge.objects.get(pk=challenge.pk)
    assert challenge.title == "Détecter les fraudes sociales"
    assert challenge.tagline == "Des contrôles mieux ciblés."
