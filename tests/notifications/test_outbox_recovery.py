"""The outbox after a failure: a worker killed while sending, a task lost with the database,
a database restarting right after a delivery. Each e-mail is sent, and sent once."""

import datetime
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cohorte import periodic
from cohorte.notifications.domain import queue_email
from cohorte.notifications.jobs import recover_stranded_messages
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import claim, record_sent
from tests.outage import database_out_of_reach

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("task_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


@pytest.fixture
def short_claims(settings):
    """Claims that expire after one second, so that a test can wait for it."""
    settings.OUTBOX_CLAIM_SECONDS = 1


def let_the_claims_expire():
    time.sleep(1.1)


def test_a_message_taken_by_a_worker_that_died_is_sent_once_its_claim_expires(short_claims):
    message = queue_email(["candidate@example.org"], "Candidature reçue", "Bonjour")
    DBTaskResult.objects.get().claim("worker-killed-before-sending")
    assert claim(message.pk) is not None  # then the worker is killed: nothing was sent

    assert recover_stranded_messages(timezone.now()) == 0  # it may still be sending
    assert claim(message.pk) is None  # nor does another worker take it meanwhile
    let_the_claims_expire()
    assert recover_stranded_messages(timezone.now()) == 1
    run_worker()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 2
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["candidate@example.org"], "Candidature reçue")
    ]
    assert mail.outbox[0].message()["Message-ID"] == message.message_id
    assert recover_stranded_messages(timezone.now()) == 0


def test_a_queued_message_whose_task_was_lost_is_queued_again(short_claims):
    lost = queue_email(["a@example.org"], "Perdu", "Texte")
    DBTaskResult.objects.all().delete()  # the database went away before the task was stored
    waiting = queue_email(["b@example.org"], "En file", "Texte")

    assert recover_stranded_messages(timezone.now()) == 0
    let_the_claims_expire()
    assert recover_stranded_messages(timezone.now()) == 1
    assert DBTaskResult.objects.count() == 2  # the waiting message kept its single task
    run_worker()

    assert sorted(m.subject for m in mail.outbox) == ["En file", "Perdu"]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert lost.message_id != waiting.message_id


def test_the_message_id_is_the_same_at_every_attempt():
    message = queue_email(["a@example.org"], "Objet", "Texte")
    first = message.message_id
    message.refresh_from_db()
    assert message.message_id == first
    assert first == f"<outbox-{message.pk}.{message.created_at:%Y%m%d%H%M%S}@cohorte.local>"


def test_a_delivery_is_recorded_once_the_database_answers_again():
    message = queue_email(["a@example.org"], "Objet", "Texte")
    assert claim(message.pk) is not None

    with database_out_of_reach(for_seconds=1):
        record_sent(message.pk)

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.sent_at is not None


def test_the_task_worker_waits_for_the_database_instead_of_exiting():
    message = queue_email(["a@example.org"], "Objet", "Texte")

    with database_out_of_reach(for_seconds=1):
        run_worker()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_registered_as_a_job_of_every_minute():
    job = next(job for job in periodic.jobs() if job.name == "outbox_recovery")
    assert job.every == datetime.timedelta(minutes=1)
