"""A newcomer finds how to apply and how to propose a défi, in Chromium, with axe-core."""

import pytest

from cohorte.calls.models import Call
from cohorte.demo import build_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_the_menu_to_the_calls_and_the_forms(live_server, page, check_accessibility):
    build_demo()
    applications = Call.objects.get(slug="candidatures-promotion-10")
    projects = Call.objects.get(kind=Call.Kind.PROJECTS)
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
    assert page.get_by_role("heading", name=projects.title).is_visible()
    check_accessibility(page)

    page.goto(live_server.url + "/promotions/promotion-10/")
    assert page.get_by_role("heading", name="Les appels de la promotion").is_visible()
    check_accessibility(page)
