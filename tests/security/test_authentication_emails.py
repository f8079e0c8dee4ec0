"""Authentication e-mails are readable by their recipient only (security issue, item 1).

The attack: a team member asks a password reset for the director's address, then reads
the reset link in the outbox of the back office. The link must be nowhere the team can
look, and still reach the director's mailbox whole.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from cohorte.accounts.roles import add_to_team
from cohorte.audit.models import ActivityLog
from cohorte.notifications.domain import REDACTED, queue_email
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import content_for_recipient, deliver
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "un-nouveau-mot-de-passe-2026"


@pytest.fixture
def people():
    """The director, a team member with the team's real admin rights, and a superuser."""
    director = UserFactory(username="direction")
    add_to_team(director, director=True)
    team = UserFactory(username="equipe")
    add_to_team(team)
    call_command("setup_roles", verbosity=0)
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    return {"director": director, "team": team, "superuser": superuser}


def reset_link(message) -> str:
    body = content_for_recipient(message)[1]
    return re.search(r"https?://\S+/compte/password/reset/key/\S+/", body).group(0)


def ask_reset(client, email) -> OutboxMessage:
    response = client.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 302
    return OutboxMessage.objects.filter(to=[email]).latest("pk")


def admin_pages(client) -> list[str]:
    """Every admin page the signed-in user can open: index, each list, each object's page."""
    index = client.get("/admin/")
    assert index.status_code == 200
    lists = sorted(set(re.findall(r'href="(/admin/[a-z_]+/[a-z_]+/)"', index.text)))
    pages = ["/admin/", *lists]
    for url in lists:
        listing = client.get(url)
        pages += sorted(set(re.findall(rf'href="({url}\d+/change/)', listing.text)))
    return pages


def test_the_team_finds_no_reset_or_verification_secret_anywhere(client, people):
    reset = ask_reset(client, people["director"].email)
    ask_reset(client, people["superuser"].email)
    client.post(
        reverse("account_signup"),
        {
            "first_name": "Nina",
            "last_name": "Nouvelle",
            "email": "nouvelle@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    verification = OutboxMessage.objects.get(to=["nouvelle@example.org"])
    secrets = [reset_link(reset).rsplit("/key/", 1)[1].strip("/")]
    secrets.append(
        re.search(r"/confirm-email/(\S+)/", content_for_recipient(verification)[1]).group(1)
    )
    client.force_login(people["team"])
    pages = admin_pages(client)
    assert f"/admin/notifications/outboxmessage/{reset.pk}/change/" in pages
    assert "/admin/audit/activitylog/" in pages
    for url in pages:
        text = client.get(url).text
        for secret in secrets:
            assert secret not in text, url
    # Not in the database's readable columns either: only sealed.
    for message in OutboxMessage.objects.all():
        for secret in secrets:
            assert secret not in message.subject + message.body + message.sealed_body
    for entry in ActivityLog.objects.all():
        assert not any(secret in str(entry.data) for secret in secrets)


def test_the_team_reads_neither_the_text_of_an_authentication_email(client, people):
    reset = ask_reset(client, people["director"].email)
    client.force_login(people["team"])
    page = client.get(f"/admin/notifications/outboxmessage/{reset.pk}/change/")
    assert page.status_code == 200
    assert "Réservé au destinataire" in page.text
    assert "réinitialisation" not in page.text.split("Réservé au destinataire")[1][:300]
    # A message of the programme is readable, as the team needs to follow its sending.
    notice = queue_email(["a@example.org"], "Votre candidature", "Bonjour Claire")
    assert (
        "Bonjour Claire"
        in client.get(f"/admin/notifications/outboxmessage/{notice.pk}/change/").text
    )


def test_a_superuser_reads_the_text_with_its_link_masked(client, people):
    reset = ask_reset(client, people["director"].email)
    client.force_login(people["superuser"])
    page = client.get(f"/admin/notifications/outboxmessage/{reset.pk}/change/")
    assert REDACTED in page.text
    assert reset_link(reset) not in page.text


def test_the_recipient_gets_the_whole_link_and_it_works_then_the_secret_is_erased(client, people):
    reset = ask_reset(client, people["director"].email)
    assert deliver.call(reset.pk) == "sent"
    reset.refresh_from_db()
    assert reset.sealed_body == ""  # delivered: nobody needs it any more
    assert REDACTED in reset.body
    [sent] = mail.outbox
    assert sent.to == [people["director"].email]
    link = re.search(r"https?://\S+/compte/password/reset/key/\S+/", sent.body).group(0)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    people["director"].refresh_from_db()
    assert people["director"].check_password(NEW_PASSWORD)


def test_a_sealed_message_survives_a_key_rotation(settings, people):
    message = queue_email(
        ["a@example.org"], "Code", "Votre code : QX7-42", kind="authentication", secrets=["QX7-42"]
    )
    assert message.body == f"Votre code : {REDACTED}"
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "une-toute-nouvelle-cle-secrete-de-production-2026-xyz"
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert content_for_recipient(message)[:2] == ("Code", "Votre code : QX7-42")


def test_an_unreadable_seal_fails_for_good_and_alerts_the_team(settings, people):
    message = queue_email(
        ["a@example.org"], "Code", "Votre code : QX7-42", kind="authentication", secrets=["QX7-42"]
    )
    settings.SECRET_KEY = "une-cle-qui-ne-correspond-plus-a-rien-du-tout-2026"
    assert deliver.call(message.pk) == "failed"
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.last_error.startswith("UnreadableSeal")
    alert = OutboxMessage.objects.get(kind=OutboxMessage.Kind.ALERT)
    assert sorted(alert.to) == sorted([people["director"].email, people["team"].email])
    assert alert.subject == "Un e-mail n'a pas pu être envoyé"
    assert f"/admin/notifications/outboxmessage/{message.pk}/change/" in alert.body
    assert ActivityLog.objects.filter(action="outbox.failed", object_id=str(message.pk)).exists()


def test_team_accounts_get_no_more_than_view_and_retry_of_the_outbox(people):
    team = get_user_model().objects.get(pk=people["team"].pk)
    assert team.has_perm("notifications.view_outboxmessage")
    assert not team.has_perm("notifications.add_outboxmessage")
    assert not team.has_perm("notifications.delete_outboxmessage")
