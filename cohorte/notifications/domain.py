"""Queueing e-mails through the outbox."""

import base64

from django.db import transaction

from .models import OutboxMessage
from .tasks import deliver


def attachment(filename: str, content_type: str, content: bytes) -> dict:
    """An attachment as the outbox stores it (JSON: the content in base64)."""
    return {
        "filename": filename,
        "content_type": content_type,
        "content": base64.b64encode(content).decode("ascii"),
    }


def queue_email(
    to: list[str], subject: str, body: str, attachments: list[dict] | None = None
) -> OutboxMessage:
    """Store an e-mail in the outbox; deliver it in the background once the transaction commits."""
    if not to:
        raise ValueError("An e-mail needs at least one recipient.")
    message = OutboxMessage.objects.create(
        to=list(to), subject=subject, body=body, attachments=list(attachments or [])
    )
    transaction.on_commit(lambda: deliver.enqueue(message.pk))
    return message


def retry(message: OutboxMessage) -> None:
    """Queue a failed message again, from the back office."""
    if message.status != OutboxMessage.Status.FAILED:
        raise ValueError("Only a failed message can be retried.")
    message.status = OutboxMessage.Status.QUEUED
    message.save(update_fields=["status"])
    transaction.on_commit(lambda: deliver.enqueue(message.pk))
