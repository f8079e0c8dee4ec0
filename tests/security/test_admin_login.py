"""The admin's login goes through allauth: rate limits, verification and MFA everywhere
(security issue, item 2)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from cohorte.accounts.roles import add_to_team
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "motdepasse-solide-42"  # the factories' password
DIRECTOR_ONLY = reverse("selection:validation")


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def director():
    user = UserFactory(username="direction")
    add_to_team(user, director=True)
    return user


def admin_login(client, email, password):
    return client.post("/admin/login/?next=/admin/", {"username": email, "password": password})


def test_the_admin_login_page_leads_to_the_accounts_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2F"
    assert client.get("/admin/").url.startswith("/admin/login/")


def test_right_credentials_posted_to_the_admin_login_sign_nobody_in(client, director):
    director.username = director.email  # even with the username the admin form asks for
    director.save()
    response = admin_login(client, director.email, PASSWORD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not is_signed_in(client)


def test_wrong_passwords_are_rate_limited_then_even_the_right_one_is_refused(client, director):
    for _ in range(5):
        admin_login(client, director.email, "pas-le-bon")
        client.post(reverse("account_login"), {"login": director.email, "password": "pas-le-bon"})
    assert not is_signed_in(client)
    response = client.post(
        reverse("account_login"), {"login": director.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Trop de tentatives de connexion échouées" in response.text
    assert not is_signed_in(client)
    admin_login(client, director.email, PASSWORD)  # no way around the limit either
    assert not is_signed_in(client)


def test_a_director_with_totp_needs_the_code_before_any_page(client, director):
    secret = generate_totp_secret()
    TOTP.activate(director, secret)
    admin_login(client, director.email, PASSWORD)
    assert not is_signed_in(client)
    response = client.post(
        reverse("account_login"), {"login": director.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert not is_signed_in(client)
    assert client.get("/admin/").status_code == 302
    assert client.get(DIRECTOR_ONLY).status_code == 302  # to the login page
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    signed = client.post(reverse("mfa_authenticate"), {"code": code})
    assert signed.status_code == 302
    assert is_signed_in(client)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_totp_code_signs_nobody_in(client, director):
    TOTP.activate(director, generate_totp_secret())
    client.post(reverse("account_login"), {"login": director.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_a_staff_account_with_an_unverified_address_cannot_reach_the_admin(client):
    user = UserFactory(username="nonverifie", verified=False, is_staff=True, is_superuser=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    admin_login(client, user.email, PASSWORD)
    assert not is_signed_in(client)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("account_email_verification_sent")
    assert not is_signed_in(client)
    assert client.get("/admin/").status_code == 302


def test_a_signed_in_account_without_staff_status_is_refused_the_admin(client):
    user = UserFactory(username="candidate")
    client.force_login(user)
    assert client.get("/admin/login/").status_code == 403
    assert client.get("/admin/").status_code == 302  # the admin's own "not allowed" redirect
