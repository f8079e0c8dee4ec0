"""Guarded steps in Chromium: the decisions page says what is missing and takes the
director's exception; the validation page shows what to read and sends a decision back;
axe-core on each page."""

import pytest

from cohorte.audit.models import ActivityLog
from cohorte.selection import decisions as domain
from cohorte.selection.models import Decision
from tests.world import after_interviews, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_preconditions_exception_validation_and_send_back(
    live_server, page, check_accessibility, sign_in_browser
):
    world = build_world()
    main = page.locator("main")
    sign_in_browser(world.team)
    url = f"{live_server.url}/jurys/decisions/?appel={world.call.slug}"
    page.goto(url)
    assert "Pas encore le moment de préparer, valider ou envoyer une décision" in main.inner_text()
    assert "Exception possible — action de : la direction du programme" in main.inner_text()
    check_accessibility(page)

    sign_in_browser(world.director)
    page.goto(url)
    page.fill("#exception-decisions", "La candidate a une autre offre.")
    row = page.locator(f"#candidature-{world.application.pk}")
    row.locator(f"#d{world.application.pk}-outcome").select_option("not_selected")
    row.get_by_role("button", name="Préparer").click()
    page.locator(f"#candidature-{world.application.pk} .fr-badge").get_by_text(
        "non retenu·e"
    ).wait_for()
    assert Decision.objects.get().outcome == "not_selected"
    assert ActivityLog.objects.get(action="step.overridden").data["reason"] == (
        "La candidate a une autre offre."
    )
    check_accessibility(page)

    after_interviews(world)
    Decision.objects.all().delete()
    decision = domain.stage_decision(
        world.application, "selected", world.challenge, actor=world.team
    )
    page.goto(f"{live_server.url}/jurys/decisions/validation/?appel={world.call.slug}")
    facts = page.locator(f"#decision-faits-{decision.pk}").inner_text()
    assert "Éligibilité : éligible" in facts and "Classement : non classée" in facts
    check_accessibility(page)
    page.get_by_text("Renvoyer à l’équipe la décision sur").click()
    page.fill(f"#commentaire-{decision.pk}", "Attendons le second jury.")
    check_accessibility(page)
    page.get_by_role("button", name="Renvoyer à l’équipe", exact=True).click()
    page.get_by_text("renvoyée à l'équipe avec votre commentaire").wait_for()
    decision.refresh_from_db()
    assert (decision.status, decision.returned_comment) == (
        "returned",
        "Attendons le second jury.",
    )
    check_accessibility(page)
