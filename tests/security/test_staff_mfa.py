"""Staff accounts set up a second factor before any work page; others are not asked."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.messages import get_messages
from django.urls import reverse

from cohorte.accounts.mfa_required import MESSAGE
from tests.factories import UserFactory
from tests.security.staff_accounts import STAFF_KINDS, staff

pytestmark = pytest.mark.django_db
PASSWORD = "motdepasse-solide-42"  # the factories' password
SETUP = reverse("mfa_activate_totp")


@pytest.fixture(autouse=True)
def required(settings):
    settings.STAFF_MFA_REQUIRED = True


WORK_PAGES = [reverse("team:home"), reverse("selection:validation"), "/admin/", "/evaluation/"]


@pytest.mark.parametrize("kind", STAFF_KINDS)
@pytest.mark.parametrize("url", WORK_PAGES)
def test_a_staff_account_without_a_second_factor_is_sent_to_set_it_up(client, kind, url):
    client.force_login(staff(kind))
    response = client.get(url)
    assert response.status_code == 302 and response.url == SETUP
    assert [str(m) for m in get_messages(response.wsgi_request)] == [MESSAGE]


def test_public_and_account_pages_stay_open_without_it(client):
    client.force_login(staff("team"))
    assert client.get("/").status_code == 200
    assert client.get(reverse("account_email")).status_code == 200
    # Setting up the factor asks for the password again first, as allauth does.
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert client.get(response.url).status_code == 200


def test_htmx_requests_are_sent_to_the_setup_page(client):
    client.force_login(staff("team"))
    response = client.get(reverse("team:home"), headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == SETUP


@pytest.mark.parametrize("kind", ["candidate", "mentor"])
def test_other_accounts_are_not_asked(client, kind):
    client.force_login(UserFactory(username=kind))
    assert client.get(reverse("accounts:home")).status_code == 200


def test_once_set_up_the_team_signs_in_with_the_code_and_works(client):
    user = staff("team")
    EmailAddress.objects.filter(user=user).update(verified=True)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert client.get(reverse("team:home")).status_code == 200


def test_off_when_the_setting_says_so(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(staff("team"))
    assert client.get(reverse("team:home")).status_code == 200
