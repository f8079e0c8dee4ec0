"""Delivering a batch of outbox messages (the Friday digests) with one background task."""

from django_tasks import task

from cohorte.notifications.tasks import deliver


@task()
def deliver_all(message_ids: list[int]) -> int:
    """Deliver each message as the outbox does one (a failure retries on its own)."""
    for message_id in message_ids:
        deliver.call(message_id)
    return len(message_ids)
