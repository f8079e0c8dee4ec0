"""Accounts: sign-up with e-mail verification through the outbox, login, DSFR pages."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import content_for_recipient
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "un-mot-de-passe-solide-2026"


def signup(client, email="nouvelle@example.org", next_url=""):
    url = reverse("account_signup") + (f"?next={next_url}" if next_url else "")
    data = {"first_name": "Claire", "last_name": "Martin", "email": email}
    return client.post(url, {**data, "password1": PASSWORD, "password2": PASSWORD})


def verification_link(message) -> str:
    """The link as the recipient receives it (the outbox keeps it sealed)."""
    body = content_for_recipient(message)[1]
    match = re.search(r"https?://[^\s]+/compte/confirm-email/[^\s]+/", body)
    assert match, body
    return match.group(0).split("testserver", 1)[1]


def test_signup_sends_the_verification_through_the_outbox_then_confirms(client):
    response = signup(client, next_url="/appels/eig/candidature/")
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(email="nouvelle@example.org")
    assert (user.first_name, user.last_name) == ("Claire", "Martin")
    assert not EmailAddress.objects.get(user=user).verified
    message = OutboxMessage.objects.get()
    assert message.to == ["nouvelle@example.org"]
    assert message.subject.startswith("[Cohorte] ")
    assert message.body.startswith("Bonjour,")
    assert "L'équipe du programme Entrepreneurs d'intérêt général" in message.body
    link = verification_link(message)
    page = client.get(link)
    assert page.status_code == 200
    assert 'class="fr-btn' in page.text
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("accounts:home")).status_code == 200  # signed in


def test_login_is_refused_until_the_address_is_verified(client):
    UserFactory(username="pasverifie", email="pasverifie@example.org", verified=False)
    user = get_user_model().objects.get(email="pasverifie@example.org")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("accounts:home")).status_code == 302  # still anonymous
    assert OutboxMessage.objects.count() == 1  # a new verification e-mail


def test_login_with_a_verified_address(client):
    user = UserFactory(username="verifie", email="verifie@example.org")
    user.set_password(PASSWORD)
    user.save()
    response = client.post(
        reverse("account_login") + "?next=/mon-espace/",
        {"login": "verifie@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302 and response.url == "/mon-espace/"


def test_bad_credentials_are_shown_in_a_dsfr_alert(client):
    response = client.post(reverse("account_login"), {"login": "x@example.org", "password": "non"})
    assert response.status_code == 200
    assert 'class="fr-alert fr-alert--error' in response.text


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_email_verification_sent",
    ],
)
def test_account_pages_use_the_site_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    text = response.text
    assert 'class="fr-header' in text and 'class="fr-footer' in text
    assert text.count("<h1") == 1
    assert "Menu:" not in text  # allauth's own bare layout is replaced


def test_password_reset_mail_goes_through_the_outbox(client):
    UserFactory(username="oubli", email="oubli@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "oubli@example.org"})
    assert response.status_code == 302
    message = OutboxMessage.objects.get()
    assert message.to == ["oubli@example.org"]
    assert message.kind == OutboxMessage.Kind.AUTHENTICATION
    # Stored with its link masked; the recipient gets it whole.
    assert "/compte/password/reset/key/" not in message.body
    assert "[lien ou code personnel masqué" in message.body
    assert "/compte/password/reset/key/" in content_for_recipient(message)[1]


def test_signup_asks_for_the_first_and_last_name(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert page.index('for="id_first_name"') < page.index('for="id_last_name"')
    assert page.index('for="id_last_name"') < page.index('for="id_email"')
    response = client.post(
        reverse("account_signup"),
        {"email": "sans-nom@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not get_user_model().objects.filter(email="sans-nom@example.org").exists()
    assert OutboxMessage.objects.count() == 0
