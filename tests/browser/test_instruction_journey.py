"""Pre-instruction in Chromium, with axe-core on every page: the team screens and shortlists,
a pre-instructor reviews, asks the administration and writes a question for the jury."""

import pytest

from cohorte.notifications.models import OutboxMessage
from cohorte.projects.models import Proposal, ProposalMessage, ProposalNote
from cohorte.reviews.models import Review
from tests.project_world import build_project_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_team_and_preinstructor_pre_instruct_a_proposal(
    live_server, page, check_accessibility, sign_in_browser
):
    world = build_project_world()
    proposal = world.proposal
    sign_in_browser(world.team)

    page.goto(live_server.url + "/instruction/")
    assert page.locator("h1").inner_text() == "Pré-instruction des projets"
    check_accessibility(page)

    page.get_by_role("link", name=world.call.title).click()
    page.wait_for_url(f"**/instruction/{world.call.pk}/")
    check_accessibility(page)
    page.locator("#id_q").fill("fraudes")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**/?q=fraudes*")
    assert page.locator("tbody tr").count() == 1

    page.get_by_role("link", name="Détecter les fraudes").click()
    page.wait_for_url(f"**/instruction/propositions/{proposal.pk}/")
    check_accessibility(page)
    page.locator("label[for=eligibility-eligible]").click()
    page.get_by_role("button", name="Enregistrer : éligibilité").click()
    page.wait_for_url(lambda url: url.endswith("#examen"))
    page.locator("label[for=completeness-complete]").click()
    page.get_by_role("button", name="Enregistrer : complétude").click()
    page.wait_for_url(lambda url: url.endswith("#examen"))
    page.get_by_role("button", name="Retenir pour le jury des défis").click()
    page.wait_for_url(lambda url: url.endswith("#examen"))
    assert "Proposition retenue pour le jury des défis" in page.locator("main").inner_text()
    check_accessibility(page)
    assert Proposal.objects.get(pk=proposal.pk).status == "shortlisted"
    assert OutboxMessage.objects.get().to == ["admin.user@interieur.gouv.fr"]

    page.context.clear_cookies()
    sign_in_browser(world.preinstructor)
    page.goto(live_server.url + f"/instruction/propositions/{proposal.pk}/")
    for criterion in world.call.grid.criteria.all():
        page.locator(f"label[for=score-{criterion.pk}-3]").click()
    page.locator("label[for=recommendation-yes]").click()
    page.get_by_role("button", name="Enregistrer mon évaluation").click()
    page.wait_for_url(lambda url: url.endswith("#evaluation"))
    assert Review.objects.get(proposal=proposal).total == 15
    check_accessibility(page)

    page.locator("#question-body").fill("   ")  # blank: refused and explained
    page.get_by_role("button", name="Envoyer la question").click()
    assert "Écrivez votre message" in page.locator("#questions").inner_text()
    check_accessibility(page)
    page.locator("#question-body").fill("Quel budget pour l'hébergement ?")
    page.get_by_role("button", name="Envoyer la question").click()
    page.wait_for_url(lambda url: url.endswith("#questions"))
    assert ProposalMessage.objects.get().body == "Quel budget pour l'hébergement ?"

    page.get_by_label("Nouvelle question pour le jury").fill("Demander le calendrier.")
    page.get_by_role("button", name="Enregistrer la question").click()
    page.wait_for_url(lambda url: url.endswith("#jury"))
    assert ProposalNote.objects.get().kind == "jury_question"

    page.get_by_role("link", name="Déclarer un conflit d’intérêts").click()
    page.wait_for_url("**/conflit/")
    check_accessibility(page)
