"""A newcomer finds how to apply and how to propose a défi, in Chromium, with axe-core."""

import pytest

from cohorte.calls.models import Call

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_the_menu_to_the_calls_and_the_forms(live_server, page, check_accessibility, lay_demo):
    lay_demo()
    applications = Call.objects.get(slug="candidatures-promotion-10")
    projects = Call.objects.get(slug="projets-promotion-11")
    menu = page.get_by_role("navigation", name="Menu principal")

    page.goto(live_server.url + "/")
    menu.get_by_role("link", name="Candidater").click()
    page.wait_for_url(f"**/appels/{applications.slug}/")
    assert page.locator("h1").inner_text() == applications.title
    check_accessibility(page)

    challenge = applications.challenges.order_by("title").first()
    page.get_by_role("link", name=challenge.title, exact=True).click()
    page.wait_for_url(f"**/defis/{challenge.slug}/")
    assert page.get_by_text("Ce défi recrute").is_visible()
    check_accessibility(page)
    page.get_by_role("link", name=f"Candidater : {applications.title}").click()
    page.wait_for_url(f"**/appels/{applications.slug}/")

    menu.get_by_role("link", name="Proposer un défi").click()
    page.wait_for_url(f"**/appels/{projects.slug}/")
    assert page.locator("h1").inner_text() == projects.title
    check_accessibility(page)
    page.get_by_role("link", name="J’ai déjà un compte").click()
    page.wait_for_url(f"**/compte/login/?next=/projets/{projects.slug}/nouvelle/")

    page.goto(live_server.url + "/")
    menu.get_by_role("link", name="Appels", exact=True).click()
    page.wait_for_url("**/appels/")
    assert page.get_by_role("heading", name=projects.title, exact=True).is_visible()
    check_accessibility(page)

    page.goto(live_server.url + "/promotions/promotion-10/")
    assert page.get_by_role("heading", name="Les appels de la promotion").is_visible()
    check_accessibility(page)


def test_one_page_of_each_stage_of_the_demo_as_the_team(
    live_server, page, check_accessibility, sign_in_browser, lay_demo
):
    from django.contrib.auth import get_user_model

    from cohorte.selection.models import InterviewSlot

    lay_demo(with_accounts=True)
    calls = {
        slug: Call.objects.get(slug=slug)
        for slug in [
            "candidatures-promotion-10",
            "candidatures-promotion-10-session-2",
            "candidatures-promotion-10-session-1",
            "candidatures-promotion-9",
        ]
    }
    sign_in_browser(get_user_model().objects.get(username="equipe"))
    opened, preselection, juries, decided = calls.values()

    page.goto(f"{live_server.url}/gestion/appels/{opened.pk}/candidatures/")
    assert "Chloé Candidate" in page.locator("main").inner_text()
    check_accessibility(page)

    page.goto(f"{live_server.url}/evaluation/?appel={preselection.slug}")
    assert page.locator("h1").count() == 1
    check_accessibility(page)

    slot = InterviewSlot.objects.filter(
        panel__call=juries, application__candidate__username="candidat"
    ).get()
    page.goto(f"{live_server.url}/jurys/?appel={juries.slug}")
    assert "Chloé Candidate" in page.locator("main").inner_text()
    check_accessibility(page)
    page.goto(f"{live_server.url}/jurys/auditions/{slot.pk}/grille/")
    check_accessibility(page)

    page.goto(f"{live_server.url}/jurys/decisions/?appel={decided.slug}")
    selected = decided.applications.filter(status="selected").order_by("pk").first()
    assert selected.display_name in page.locator("main").inner_text()
    check_accessibility(page)

    defi_jury = Call.objects.get(slug="projets-promotion-11-session-1")
    page.goto(f"{live_server.url}/jurys/defis/{defi_jury.pk}/composition/")
    assert "Jury des défis 1" in page.locator("main").inner_text()
    check_accessibility(page)
