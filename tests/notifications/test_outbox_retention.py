"""Delivered e-mails are forgotten after the outbox retention period; others are kept."""

import datetime

import pytest
from django.utils import timezone

from cohorte import periodic
from cohorte.notifications.jobs import purge_sent_messages
from cohorte.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def message(status, sent_days_ago=None):
    now = timezone.now()
    sent_at = now - datetime.timedelta(days=sent_days_ago) if sent_days_ago is not None else None
    return OutboxMessage.objects.create(
        to=["a@example.org"], subject="S", body="B", status=status, sent_at=sent_at
    )


def test_only_old_sent_messages_are_deleted(settings):
    settings.OUTBOX_RETENTION_DAYS = 90
    old = message(OutboxMessage.Status.SENT, 91)
    recent = message(OutboxMessage.Status.SENT, 89)
    failed = message(OutboxMessage.Status.FAILED)
    queued = message(OutboxMessage.Status.QUEUED)

    assert purge_sent_messages(timezone.now()) == 1

    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {
        recent.pk,
        failed.pk,
        queued.pk,
    }
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()


def test_registered_as_a_daily_job():
    [job] = [j for j in periodic.jobs() if j.name == "outbox_retention"]
    assert job.every == datetime.timedelta(days=1)
