"""Claiming an administration known to Cohorte, and the team's answer, in Chromium with
axe-core on every page (issue #16): the request, the team's list, the domains, the answer."""

import pytest
from django.test import Client

from cohorte.organisations.models import Organisation
from cohorte.projects.models import MembershipRequest, OrganisationMember
from tests.factories import OrganisationFactory, UserFactory
from tests.project_world import build_project_world

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, live_server, user):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_a_request_to_join_and_the_teams_answer(live_server, page, check_accessibility):
    world = build_project_world()
    justice = OrganisationFactory(
        name="Ministère de la Justice", slug="justice", kind=Organisation.Kind.MINISTRY
    )
    claimant = UserFactory(username="claimant", email="camille@agence-conseil.fr")

    _sign_in(page, live_server, claimant)
    page.goto(f"{live_server.url}/projets/{world.call.slug}/nouvelle/")
    page.get_by_label("Nom de l’administration").fill("Ministère de la Justice")
    page.get_by_label("Type").select_option(value="ministry")
    page.get_by_role("button", name="Commencer la proposition").click()
    page.wait_for_url(f"{live_server.url}/projets/")
    main = page.locator("main").text_content()  # the badge is upper-case on screen
    assert "en attente de validation par l'équipe du programme" in main
    assert "En attente de validation par l’équipe du programme" in main
    check_accessibility(page)
    assert not OrganisationMember.objects.filter(organisation=justice).exists()

    _sign_in(page, live_server, world.team)
    page.goto(live_server.url + "/gestion/administrations/")
    assert page.locator("h1").inner_text() == "Comptes des administrations"
    check_accessibility(page)
    page.get_by_label("Nom ou sigle de l’administration").fill("justice")
    page.get_by_role("button", name="Rechercher une administration").click()
    page.wait_for_url("**/gestion/administrations/?q=justice")
    check_accessibility(page)
    page.get_by_role("link", name="Ministère de la Justice").first.click()
    page.wait_for_url(f"**/gestion/administrations/{justice.pk}/")
    check_accessibility(page)
    page.get_by_label("Ajouter un domaine").fill("gmail.com")
    page.get_by_role("button", name="Ajouter le domaine").click()
    assert "est une messagerie personnelle" in page.locator("main").inner_text()
    check_accessibility(page)  # the form with its error
    page.get_by_label("Ajouter un domaine").fill("justice.gouv.fr")
    page.get_by_role("button", name="Ajouter le domaine").click()
    page.wait_for_url(f"**/gestion/administrations/{justice.pk}/")
    assert "« justice.gouv.fr » est ajouté" in page.locator("main").inner_text()

    page.goto(live_server.url + "/gestion/administrations/")
    page.get_by_role("button", name="Refuser").click()  # no reason: refused, explained
    assert "Indiquez le motif du refus" in page.locator("main").inner_text()
    check_accessibility(page)
    page.get_by_label("Motif du refus").fill("Utilisez votre adresse justice.gouv.fr.")
    page.get_by_role("button", name="Refuser").click()
    page.wait_for_url(f"{live_server.url}/gestion/administrations/")
    assert "Aucune demande en attente." in page.locator("main").inner_text()
    check_accessibility(page)
    assert MembershipRequest.objects.get().status == MembershipRequest.Status.REFUSED

    _sign_in(page, live_server, claimant)
    page.goto(live_server.url + "/projets/")
    assert "Utilisez votre adresse justice.gouv.fr." in page.locator("main").inner_text()
    check_accessibility(page)
