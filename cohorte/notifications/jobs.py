"""Periodic jobs of the outbox (registered when the app is ready)."""

import datetime

from django.conf import settings
from django.db.models import Q

from cohorte import periodic

from .models import OutboxMessage
from .tasks import deliver


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


def _pending_deliveries() -> set[int]:
    """The messages a delivery task waits for in the database queue (none on other backends)."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(deliver.get_backend(), DatabaseBackend):
        return set()
    rows = DBTaskResult.objects.ready().filter(task_path=deliver.module_path)
    return {row["args"][0] for row in rows.values_list("args_kwargs", flat=True) if row["args"]}


def recover_stranded_messages(now) -> int:
    """Deliver again the messages nobody will deliver: taken by a worker that died, or whose
    delivery task was lost (the database went away between the commit and the queueing)."""
    limit = now - datetime.timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
    Status = OutboxMessage.Status
    candidates = list(
        OutboxMessage.objects.filter(
            Q(status=Status.SENDING, claimed_at__lte=limit)
            | Q(status=Status.QUEUED, created_at__lte=limit)
        ).values_list("pk", flat=True)
    )
    # The queue is read only when something may be stranded, and compared here: a long
    # sending (a newsletter) keeps thousands of tasks waiting, too many for an SQL IN list.
    pending = _pending_deliveries() if candidates else set()
    ids = [pk for pk in candidates if pk not in pending]
    for pk in ids:
        deliver.enqueue(pk)
    return len(ids)


@periodic.register("outbox_recovery", every=datetime.timedelta(minutes=1))
def outbox_recovery(now):
    """Every minute: no e-mail is left behind by a worker or a database that failed."""
    return recover_stranded_messages(now)
