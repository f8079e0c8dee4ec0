"""Staff sessions end after 30 minutes without a request; other accounts keep theirs."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import UserFactory
from tests.security.staff_accounts import STAFF_KINDS, staff

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def idle_sign_out_on(settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30


def visit(client, minutes, url):
    with time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False):
        return client.get(url)


@pytest.mark.parametrize("kind", STAFF_KINDS)
def test_a_staff_session_ends_after_thirty_idle_minutes(client, kind):
    client.force_login(staff(kind))
    home = reverse("accounts:home")
    assert visit(client, 0, home).status_code == 200
    assert visit(client, 29, home).status_code == 200
    # 29 minutes after the last request, not after the first: activity keeps it open.
    assert visit(client, 58, home).status_code == 200
    response = visit(client, 89, home)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={home}"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Votre session a pris fin après 30 minutes sans activité : reconnectez-vous pour continuer."
    ]
    assert "_auth_user_id" not in client.session
    assert visit(client, 90, home).status_code == 302


def test_an_htmx_request_sends_the_browser_to_the_login_page(client):
    client.force_login(staff("team"))
    url = reverse("team:home")
    visit(client, 0, url)
    with time_machine.travel(START + datetime.timedelta(minutes=31), tick=False):
        response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{reverse('account_login')}?next={url}"


def test_a_candidate_keeps_the_ordinary_session(client):
    client.force_login(UserFactory(username="candidate"))
    home = reverse("accounts:home")
    assert visit(client, 0, home).status_code == 200
    assert visit(client, 600, home).status_code == 200


def test_off_when_the_setting_is_empty(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = None
    client.force_login(staff("team"))
    home = reverse("accounts:home")
    visit(client, 0, home)
    assert visit(client, 600, home).status_code == 200
