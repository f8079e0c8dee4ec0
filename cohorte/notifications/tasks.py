"""Background delivery of outbox messages."""

import base64
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def retry_delay(attempts: int) -> timedelta:
    """Back-off before the next attempt: 1, 2, 4, 8... minutes."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


@task()
def deliver(message_id: int) -> str:
    """Send one outbox message; on failure, schedule a retry until MAX_ATTEMPTS."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status == OutboxMessage.Status.SENT:
            return "skipped"
        message.attempts += 1
        try:
            email = EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=message.to,
            )
            for item in message.attachments:
                email.attach(
                    item["filename"], base64.b64decode(item["content"]), item["content_type"]
                )
            email.send()
        except Exception as exc:  # any transport error is retried, never lost
            message.status = OutboxMessage.Status.FAILED
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.save(update_fields=["attempts", "status", "last_error"])
            # The message id only: recipients are personal data and stay out of logs.
            logger.warning("outbox message %s failed (attempt %s)", message.pk, message.attempts)
            if message.attempts < MAX_ATTEMPTS:
                run_after = timezone.now() + retry_delay(message.attempts)
                transaction.on_commit(
                    lambda: deliver.using(run_after=run_after).enqueue(message_id)
                )
            return "failed"
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return "sent"
