"""The matching page in Chromium: run, read, lock, run again, stage; axe-core on each step."""

import pytest
from django.test import Client

from cohorte.selection.models import Decision, PairConstraint, SolverRun
from tests.selection.matching_world import build_matching_world
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_team_matches_candidates_to_defis(live_server, page, check_accessibility):
    world = build_world()
    mw = build_matching_world(world)
    # Her seat on "Autre défi" (no seats per profile) takes the profile she chose with it.
    mw.a1.choices.filter(challenge=mw.b).update(profile=mw.design)
    _sign_in(page, live_server, world.team)

    page.goto(f"{live_server.url}/jurys/appariement/?appel={world.call.slug}")
    assert page.locator("h1").inner_text() == "Appariement"
    check_accessibility(page)

    page.get_by_role("button", name="Lancer l’appariement").click()
    page.wait_for_url("**/jurys/appariement/?appel=*&calcul=*")
    assert "Paires bloquantes : 0." in page.locator("main").inner_text()
    assert page.locator("svg[role=img]").count() == 1
    check_accessibility(page)

    # Impose "Autre défi" on the first candidate, then run again.
    place = page.get_by_label(f"Place pour {mw.a1.display_name}")
    place.select_option(label="Autre défi (2e choix)")
    page.get_by_role("button", name=f"Imposer — {mw.a1.display_name}").click()
    page.wait_for_url("**#contraintes")
    assert PairConstraint.objects.get().kind == "lock"
    check_accessibility(page)
    page.get_by_role("button", name="Relancer", exact=True).click()
    page.wait_for_url("**#resultat")
    assert SolverRun.objects.count() == 2
    assert "Place imposée par l’équipe : Autre défi" in page.locator("#resultat").inner_text()

    page.locator("label[for=confirmer]").click()  # DSFR draws the box on the label
    page.get_by_role("button", name="Préparer les décisions").click()
    page.wait_for_url("**/jurys/decisions/?appel=*")
    assert Decision.objects.count() == 4
    check_accessibility(page)
