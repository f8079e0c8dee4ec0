"""Queueing e-mails through the outbox."""

import base64
import json

from django.db import transaction

from cohorte.text import single_line

from .models import OutboxMessage
from .sealing import redact, seal
from .tasks import deliver

# What the outbox shows in place of an authentication e-mail's link or code.
REDACTED = "[lien ou code personnel masqué : seul le destinataire le reçoit]"


def attachment(filename: str, content_type: str, content: bytes) -> dict:
    """An attachment as the outbox stores it (JSON: the content in base64)."""
    return {
        "filename": filename,
        "content_type": content_type,
        "content": base64.b64encode(content).decode("ascii"),
    }


def queue_email(
    to: list[str],
    subject: str,
    body: str,
    attachments: list[dict] | None = None,
    *,
    kind: str = OutboxMessage.Kind.NOTIFICATION,
    secrets: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> OutboxMessage:
    """Store an e-mail in the outbox; deliver it in the background once the transaction commits.

    ``secrets`` (links, codes) are stored only sealed, and shown nowhere: the stored subject
    and body have them masked. ``headers`` holding a secret are sealed with them.
    """
    if not to:
        raise ValueError("An e-mail needs at least one recipient.")
    # A line break in a subject is refused by the mail library at delivery: never queue one.
    subject = single_line(subject)
    sealed = ""
    headers = dict(headers or {})
    if secrets:
        content = {"subject": subject, "body": body, "headers": headers}
        sealed = seal(json.dumps(content))
        subject, body = redact(subject, secrets, REDACTED), redact(body, secrets, REDACTED)
        headers = {key: redact(value, secrets, REDACTED) for key, value in headers.items()}
    message = OutboxMessage.objects.create(
        kind=kind,
        to=list(to),
        subject=subject[:300],
        body=body,
        sealed_body=sealed,
        headers=headers,
        attachments=list(attachments or []),
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
