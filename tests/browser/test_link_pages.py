"""The EIG Link and mentors' account pages in Chromium with axe-core (issue #11, §5): the team
adds a support fellow (after a refused address), removes one after confirming, and invites
the cohort's mentors without an account."""

import pytest
from django.test import Client

from cohorte.accounts.link import members
from cohorte.notifications.models import OutboxMessage
from cohorte.people.models import Role
from tests.cohort_world import build_cohort_world
from tests.factories import PersonFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, live_server, user):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_the_team_manages_eig_link_and_invites_mentors(live_server, page, check_accessibility):
    world = build_cohort_world()
    UserFactory(username="nina", first_name="Nina", last_name="Vidal")
    ines = PersonFactory(full_name="Inès Moreau", email="ines@interieur.gouv.fr")
    RoleFactory(
        kind=Role.Kind.OPERATIONAL_MENTOR, cohort=world.cohort, challenge=world.first, person=ines
    )
    link = world.users["link"]
    _sign_in(page, live_server, world.users["team"])
    page.goto(live_server.url + "/mon-espace/")
    page.get_by_role("link", name="EIG Link", exact=True).first.click()
    assert page.locator("h1").inner_text() == "EIG Link"
    assert "link@example.org" in page.locator("main").inner_text()
    check_accessibility(page)

    page.get_by_label("Adresse e-mail de son compte Cohorte").fill("personne@example.org")
    page.get_by_role("button", name="Ajouter à EIG Link").click()
    main = page.locator("main").inner_text()
    assert "Aucun compte actif n’utilise cette adresse e-mail." in main
    check_accessibility(page)  # the form with its error
    page.get_by_label("Adresse e-mail de son compte Cohorte").fill("nina@example.org")
    page.get_by_role("button", name="Ajouter à EIG Link").click()
    assert "Nina Vidal fait désormais partie d’EIG Link." in page.locator("main").inner_text()

    page.get_by_role("link", name=f"Retirer {link.get_full_name()}").click()
    assert page.locator("h1").inner_text() == "Retirer un membre d’EIG Link"
    check_accessibility(page)
    page.get_by_role("button", name="Retirer d’EIG Link").click()
    assert (
        f"{link.get_full_name()} ne fait plus partie d’EIG Link."
        in page.locator("main").inner_text()
    )
    assert list(members().values_list("username", flat=True)) == ["nina"]

    page.goto(f"{live_server.url}/gestion/promotions/")
    page.get_by_role("link", name="Comptes des mentors — Promotion 11").click()
    assert "Inès Moreau" in page.locator("main").inner_text()
    check_accessibility(page)
    OutboxMessage.objects.all().delete()
    page.get_by_role("button", name="Inviter par e-mail les mentors sans compte").click()
    assert "1 mentor invité à créer son compte." in page.locator("main").inner_text()
    check_accessibility(page)
    assert OutboxMessage.objects.get().to == ["ines@interieur.gouv.fr"]
