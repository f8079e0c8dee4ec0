"""Selecting the défis and sending the decisions in Chromium, with axe-core on every page."""

import datetime

import pytest
from django.utils import timezone

from cohorte.challenges.models import Challenge
from cohorte.notifications.models import OutboxMessage
from cohorte.projects.models import FundingRules
from cohorte.selection.models import Decision

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def decisions_world(transactional_db):
    """tests/project_world.py with the panels' verdicts and a 50 000 € envelope."""
    from tests.project_world import after_auditions, build_project_world
    from tests.projects.decisions_helpers import profile, verdicts

    world = after_auditions(build_project_world())
    profile()
    verdicts(world)
    FundingRules.objects.filter(cohort=world.call.cohort).update(envelope=50000)
    return world


def test_the_team_selects_the_director_validates_the_team_sends_and_publishes(
    live_server, page, check_accessibility, sign_in_browser, decisions_world
):
    world = decisions_world
    main = page.locator("main")
    sign_in_browser(world.team)
    page.goto(f"{live_server.url}/gestion/projets/")
    check_accessibility(page)
    page.get_by_role("link", name=world.call.title).click()
    page.wait_for_url(f"**/gestion/projets/{world.call.pk}/")
    assert page.locator("h1").inner_text() == "Sélection des défis"
    check_accessibility(page)

    # Ticking recomputes the cumulative co-funding live (htmx), past the envelope in red.
    page.locator(f"label[for=retenir-{world.proposal.pk}]").click()
    page.locator("#enveloppe").get_by_text("Reste disponible : 7 400 €.").wait_for()
    page.locator(f"label[for=retenir-{world.other_proposal.pk}]").click()
    page.locator("#enveloppe").get_by_text("dépasse de 35 200 €").wait_for()
    check_accessibility(page)
    page.get_by_role("button", name="Préparer les décisions").click()
    page.wait_for_load_state()
    assert "dépasse l'enveloppe de la promotion" in main.inner_text()
    assert not Decision.objects.exists()
    check_accessibility(page)

    page.locator(f"label[for=retenir-{world.other_proposal.pk}]").click()
    page.get_by_role("button", name="Préparer les décisions").click()
    page.wait_for_url(f"**/gestion/projets/{world.call.pk}/")
    assert "2 décisions préparées" in main.inner_text()
    assert dict(Decision.objects.values_list("proposal", "outcome")) == {
        world.proposal.pk: "selected",
        world.other_proposal.pk: "not_selected",
    }

    sign_in_browser(world.director)
    page.goto(f"{live_server.url}/gestion/projets/{world.call.pk}/validation/")
    check_accessibility(page)
    page.get_by_role("button", name="Valider toutes les décisions à valider (2)").click()
    page.wait_for_url("**/validation/")
    assert "2 décision(s) validée(s)." in main.inner_text()

    sign_in_browser(world.team)
    page.goto(f"{live_server.url}/gestion/projets/{world.call.pk}/envoi/")
    assert "Votre défi est retenu" in main.inner_text()
    check_accessibility(page)
    page.get_by_role("button", name="Envoyer ces 2 décisions").click()
    page.wait_for_url("**/courriels/")
    assert OutboxMessage.objects.count() == 2
    check_accessibility(page)

    page.get_by_role("link", name="5. Défis créés et exports").click()
    page.wait_for_url("**/defis/")
    challenge = Challenge.objects.get()
    assert challenge.title in main.inner_text()
    assert "caché jusqu’à l’annonce" in main.inner_text().lower()
    check_accessibility(page)

    world.call.announcement_at = timezone.now() - datetime.timedelta(minutes=1)
    world.call.save(update_fields=["announcement_at"])
    page.reload()
    page.get_by_role("button", name="Publier les défis retenus").click()
    page.wait_for_url("**/defis/")
    assert "1 défi publié sur le site public." in main.inner_text()
    page.goto(f"{live_server.url}{challenge.get_absolute_url()}")
    assert page.locator("h1").inner_text() == challenge.title
