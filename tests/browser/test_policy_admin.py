"""The Django admin works under the site's Content-Security-Policy (nothing refused)."""

import pytest
from django.core.management import call_command

from cohorte.accounts.roles import add_to_team
from tests.factories import ApplicationCallFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_pages_run_under_the_policy(page, live_server, sign_in_browser):
    call = ApplicationCallFactory()
    team = UserFactory(username="equipe")
    add_to_team(team)
    call_command("setup_roles", verbosity=0)
    sign_in_browser(team)
    for path in (
        "/admin/",
        "/admin/calls/call/",
        f"/admin/calls/call/{call.pk}/change/",
        "/admin/calls/call/add/",
        "/admin/notifications/outboxmessage/",
        "/admin/notifications/emailtemplate/add/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
