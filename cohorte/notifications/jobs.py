"""Periodic jobs of the outbox (registered when the app is ready)."""

import datetime

from django.conf import settings

from cohorte import periodic

from .models import OutboxMessage


def purge_sent_messages(now, days: int | None = None) -> int:
    """Delete sent e-mails older than the outbox retention: they hold names and addresses."""
    days = days if days is not None else settings.OUTBOX_RETENTION_DAYS
    cutoff = now - datetime.timedelta(days=days)
    deleted, _ = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted


@periodic.register("outbox_retention", every=datetime.timedelta(days=1))
def outbox_retention(now):
    """Daily: forget delivered e-mails past the retention period."""
    return purge_sent_messages(now)
