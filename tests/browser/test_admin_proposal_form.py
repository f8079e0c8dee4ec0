"""The administration's proposal in a real browser: start, autosave, live counter and
estimate, a stale tab, rows without JavaScript, submission and receipt; axe on every page."""

import pytest
from playwright.sync_api import expect

from cohorte.projects.models import Proposal
from tests.factories import ProjectCallFactory, UserFactory
from tests.projects.admin_helpers import expertise, full_post, make_pdf

pytestmark = pytest.mark.django_db(transaction=True)
SAVED = "#autosave-status >> text=Brouillon enregistré à"


def fill_form(page):
    """Type the complete form as a person would."""
    for name, value in full_post().items():
        if name == "commitments":
            for key in value:
                page.check(f"#commitment-{key}", force=True)
            continue
        locator = page.locator(f"[name='{name}']")
        if not locator.count():
            continue
        kind = locator.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if kind.startswith("select"):
            locator.select_option(value)
        elif kind == "input:radio":
            page.check(f"#{name}-{value}", force=True)
        elif value:
            locator.fill(value)


def test_a_proposal_from_start_to_receipt(
    live_server, page, check_accessibility, sign_in_browser, tmp_path
):
    call = ProjectCallFactory(slug="aap")
    expertise()
    user = UserFactory(username="camille", email="camille.martin@interieur.gouv.fr")
    sign_in_browser(user)

    page.goto(f"{live_server.url}/projets/")
    check_accessibility(page)
    page.get_by_role("link", name=f"Proposer un défi à « {call.title} »").click()
    check_accessibility(page)
    page.fill("#name", "Ministère de l'Intérieur")
    page.select_option("#kind", "ministry")
    page.get_by_role("button", name="Commencer la proposition").click()
    page.wait_for_selector("#formulaire-proposition")
    check_accessibility(page)
    proposal = Proposal.objects.get(created_by=user)

    # Autosave as one types, and the live counter of a section.
    page.fill("#title", "Détecter les fraudes")
    page.wait_for_selector(SAVED, timeout=5000)
    assert Proposal.objects.get(pk=proposal.pk).title == "Détecter les fraudes"
    page.fill("#section-summary", "x" * 310)
    page.wait_for_selector("#section-summary-compteur >> text=310 / 300 caractères", timeout=5000)
    page.wait_for_selector("#autosave-status >> text=dépasse 300 caractères", timeout=5000)
    assert page.locator("#section-summary").input_value() == "x" * 310  # the text stays
    page.fill("#section-summary", "Un résumé court.")
    page.wait_for_selector(SAVED, timeout=5000)

    # The estimate follows the form without saving.
    page.select_option("#fellows_count", "2")
    page.fill("#cost-junior", "62000")
    page.fill("#cost-senior", "71000")
    page.check("#cofunding_requested-yes", force=True)
    page.wait_for_selector("#estimation >> text=de 37 200 € à 42 600 € pour 2 EIG", timeout=5000)

    # A second tab with a stale page is refused and keeps its text.
    other = page.context.new_page()
    other.goto(page.url)
    next_revision = Proposal.objects.get(pk=proposal.pk).revision + 1
    page.fill("#title", "Détecter les fraudes aux prestations")
    # expect() polls without evaluating a string, which the page's policy refuses.
    expect(page.locator("#id_revision")).to_have_value(str(next_revision), timeout=5000)
    other.fill("#host_address", "Texte de l'autre onglet")
    other.wait_for_selector("#autosave-status >> text=modifiée ailleurs", timeout=5000)
    assert other.locator("#host_address").input_value() == "Texte de l'autre onglet"
    other.close()

    # Rows without JavaScript's help: the button saves and shows one more empty row.
    fill_form(page)
    page.get_by_role("button", name="Ajouter un membre de l’équipe").click()
    page.wait_for_selector("[name='team-2-name']")
    assert page.locator("[name='team-1-name']").input_value() == "Camille Martin"

    pitch, simulation = tmp_path / "pitch.pdf", tmp_path / "simulation.pdf"
    pitch.write_bytes(make_pdf(3))
    simulation.write_bytes(make_pdf(1))
    page.set_input_files("#pitch", str(pitch))
    page.set_input_files("#salary_simulation", str(simulation))
    page.get_by_role("button", name="Déposer la proposition").click()
    page.wait_for_selector("text=La proposition est déposée.", timeout=10000)
    check_accessibility(page)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED and proposal.version == 1

    page.goto(f"{live_server.url}/projets/mes-propositions/")
    page.wait_for_selector("text=Déposée le")
    check_accessibility(page)
    page.goto(f"{live_server.url}/projets/administrations/{proposal.organisation_id}/")
    check_accessibility(page)
    page.goto(f"{live_server.url}/projets/propositions/{proposal.pk}/depot/")
    check_accessibility(page)
    page.goto(f"{live_server.url}/projets/propositions/{proposal.pk}/retrait/")
    check_accessibility(page)
