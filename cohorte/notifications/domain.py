"""Queueing e-mails through the outbox."""

from django.db import transaction

from .models import OutboxMessage
from .tasks import deliver


def queue_email(to: list[str], subject: str, body: str) -> OutboxMessage:
    """Store an e-mail in the outbox; deliver it in the background once the transaction commits."""
    if not to:
        raise ValueError("An e-mail needs at least one recipient.")
    message = OutboxMessage.objects.create(to=list(to), subject=subject, body=body)
    transaction.on_commit(lambda: deliver.enqueue(message.pk))
    return message


def retry(message: OutboxMessage) -> None:
    """Queue a failed message again, from the back office."""
    if message.status != OutboxMessage.Status.FAILED:
        raise ValueError("Only a failed message can be retried.")
    message.status = OutboxMessage.Status.QUEUED
    message.save(update_fields=["status"])
    transaction.on_commit(lambda: deliver.enqueue(message.pk))
