"""The outbox: e-mails are queued, delivered by the database worker, retried on failure."""

import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from cohorte.notifications.domain import queue_email, retry
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import MAX_ATTEMPTS, retry_delay

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_message_waits_for_commit_then_the_worker_sends_it():
    message = queue_email(["candidate@example.org"], "Votre candidature", "Bonjour")
    assert message.status == OutboxMessage.Status.QUEUED
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []

    run_worker()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["candidate@example.org"], "Votre candidature", "Bonjour")
    ]


def test_failed_delivery_is_kept_and_retried_later(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_TIMEOUT = 2
    message = queue_email(["a@example.org"], "Objet", "Texte")

    run_worker()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 1
    assert message.last_error.startswith("ConnectionRefusedError")
    retry_task = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert DBTaskResult.objects.count() == 2
    assert retry_task.run_after is not None  # deferred, not run again at once


def test_retry_requeues_a_failed_message():
    message = OutboxMessage.objects.create(
        to=["a@example.org"], subject="S", body="B", status=OutboxMessage.Status.FAILED
    )
    retry(message)
    run_worker()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_retry_refuses_a_message_that_did_not_fail():
    message = OutboxMessage.objects.create(to=["a@example.org"], subject="S", body="B")
    with pytest.raises(ValueError, match="Only a failed message"):
        retry(message)


def test_a_message_needs_a_recipient():
    with pytest.raises(ValueError, match="at least one recipient"):
        queue_email([], "S", "B")
    assert OutboxMessage.objects.count() == 0


def test_back_off_doubles():
    assert [retry_delay(n).total_seconds() for n in range(1, MAX_ATTEMPTS + 1)] == [
        60, 120, 240, 480, 960,
    ]  # fmt: skip
