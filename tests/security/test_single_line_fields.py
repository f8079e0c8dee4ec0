"""A line break in a name never breaks an e-mail, and a lost e-mail is never silent
(security issue, item 9)."""

import socket

import pytest
from django.core import mail
from django.urls import reverse

from cohorte.accounts.roles import add_to_team
from cohorte.audit.models import ActivityLog
from cohorte.notifications.domain import queue_email
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import MAX_ATTEMPTS, deliver
from cohorte.organisations.models import Organisation
from cohorte.selection import interviews
from cohorte.selection.models import InterviewSlot
from tests.factories import ApplicationFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
INJECTED = "Claire\r\nBcc: pirate@example.org\x00\u2028Martin"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_one_line_fields_lose_their_control_characters_when_saved():
    application = ApplicationFactory(first_name=INJECTED, last_name="Martin\t\n")
    assert application.first_name == "Claire Bcc: pirate@example.org Martin"
    assert application.last_name == "Martin"
    user = UserFactory(username="claire", first_name="Claire\nBcc: x@example.org")
    user.refresh_from_db()
    assert user.first_name == "Claire Bcc: x@example.org"
    organisation = OrganisationFactory(name="Ministère\r\nde la Justice")
    assert Organisation.objects.get(pk=organisation.pk).name == "Ministère de la Justice"
    person = PersonFactory(full_name="Claire\nMartin")
    person.refresh_from_db()
    assert person.full_name == "Claire Martin"


def test_texts_keep_their_line_breaks():
    person = PersonFactory(bio="Première ligne.\nDeuxième ligne.")
    person.refresh_from_db()
    assert person.bio == "Première ligne.\nDeuxième ligne."


def test_a_name_with_a_line_break_no_longer_breaks_the_team_notification(world):
    add_to_team(world.team)
    application = world.application
    application.first_name = INJECTED
    application.save()
    slot = InterviewSlot.objects.get(application=application)
    slot.status = InterviewSlot.Status.INVITED
    slot.save()
    interviews.respond_to_invitation(slot, world.candidate, interviews.CONFIRM)
    notice = OutboxMessage.objects.get(subject__startswith="Audition confirmée")
    assert deliver.call(notice.pk) == "sent"
    [sent] = mail.outbox
    assert sent.subject == (
        f"Audition confirmée : Claire Bcc: pirate@example.org Martin {application.last_name}"
    )
    assert sent.bcc == []


def test_a_subject_is_queued_on_one_line_whatever_its_caller():
    message = queue_email(["a@example.org"], "Objet\nBcc: x@example.org", "Texte\nsur deux lignes")
    assert message.subject == "Objet Bcc: x@example.org"
    assert message.body == "Texte\nsur deux lignes"


def test_a_message_given_up_on_alerts_the_team_once(settings):
    team = UserFactory(username="equipe")
    add_to_team(team)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    message = queue_email(["candidate@example.org"], "Votre candidature", "Bonjour")
    for attempt in range(1, MAX_ATTEMPTS):
        assert deliver.call(message.pk) == "failed"
        assert not OutboxMessage.objects.filter(kind=OutboxMessage.Kind.ALERT).exists(), attempt
    assert deliver.call(message.pk) == "failed"
    alert = OutboxMessage.objects.get(kind=OutboxMessage.Kind.ALERT)
    assert alert.to == [team.email]
    assert "« Votre candidature »" in alert.body
    assert f"après {MAX_ATTEMPTS} tentative(s)" in alert.body
    assert "ConnectionRefusedError" in alert.body
    entry = ActivityLog.objects.get(action="outbox.failed")
    assert entry.object_id == str(message.pk)
    assert entry.data == {"attempts": MAX_ATTEMPTS, "kind": "notification"}
    # The alert cannot be delivered either: it is logged, and no alert about an alert.
    for _ in range(MAX_ATTEMPTS):
        deliver.call(alert.pk)
    assert OutboxMessage.objects.filter(kind=OutboxMessage.Kind.ALERT).count() == 1


def test_the_team_home_shows_the_failed_emails(client):
    team = UserFactory(username="equipe")
    add_to_team(team)
    OutboxMessage.objects.create(
        to=["a@example.org"], subject="S", body="B", status=OutboxMessage.Status.FAILED
    )
    client.force_login(team)
    page = client.get(reverse("team:home"))
    assert "1 e-mail n'a pas pu être envoyé" in page.text
    assert "/admin/notifications/outboxmessage/?status__exact=failed" in page.text
