"""Background delivery of outbox messages."""

import base64
import json
import logging
import smtplib
from datetime import timedelta
from email.message import Message

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage
from django.core.mail.message import SafeMIMEText
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import OutboxMessage
from .sealing import UnreadableSeal, unseal
from .signals import message_refused

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Errors that the same message would meet again at every attempt: no retry.
PERMANENT_ERRORS = (BadHeaderError, UnreadableSeal)


def refused_for_good(exc: Exception) -> bool:
    """Whether the receiving server refused every recipient with a permanent (5xx) answer."""
    if not isinstance(exc, smtplib.SMTPRecipientsRefused) or not exc.recipients:
        return False
    return all(code >= 500 for code, _text in exc.recipients.values())


def retry_delay(attempts: int) -> timedelta:
    """Back-off before the next attempt: 1, 2, 4, 8... minutes."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def content_for_recipient(message: OutboxMessage) -> tuple[str, str, dict]:
    """The subject, body and headers to send: the sealed full text when there is one."""
    if not message.sealed_body:
        return message.subject, message.body, message.headers
    content = json.loads(unseal(message.sealed_body))
    return content["subject"], content["body"], content.get("headers", message.headers)


def _send(message: OutboxMessage) -> None:
    subject, body, headers = content_for_recipient(message)
    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        headers=headers or None,
    )
    for item in message.attachments:
        email.attach(*_attachment(item))
    email.send()


def _attachment(item: dict) -> tuple:
    """The arguments of ``EmailMessage.attach`` for a stored attachment; a text part with
    parameters (``text/calendar; method=REQUEST``: RFC 6047) keeps them on its MIME part."""
    content = base64.b64decode(item["content"])
    header = Message()
    header["Content-Type"] = item["content_type"]
    maintype, subtype = header.get_content_maintype(), header.get_content_subtype()
    params = [(k, v) for k, v in header.get_params()[1:] if k.lower() != "charset"]
    if maintype != "text" or not params:
        return item["filename"], content, item["content_type"]
    part = SafeMIMEText(content.decode(header.get_content_charset() or "utf-8"), subtype, "utf-8")
    for key, value in params:
        part.set_param(key, value)
    part.add_header("Content-Disposition", "attachment", filename=item["filename"])
    return (part,)


@task()
def deliver(message_id: int) -> str:
    """Send one outbox message; on failure, schedule a retry until MAX_ATTEMPTS, then alert."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status == OutboxMessage.Status.SENT:
            return "skipped"
        message.attempts += 1
        try:
            _send(message)
        except Exception as exc:  # any transport error is retried, never lost
            message.status = OutboxMessage.Status.FAILED
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.save(update_fields=["attempts", "status", "last_error"])
            # The message id only: recipients are personal data and stay out of logs.
            logger.warning("outbox message %s failed (attempt %s)", message.pk, message.attempts)
            refused = refused_for_good(exc)
            if refused:
                # A bounce: the address does not exist; trying again would be refused again.
                message_refused.send(sender=OutboxMessage, message=message)
            if message.attempts < MAX_ATTEMPTS and not (
                refused or isinstance(exc, PERMANENT_ERRORS)
            ):
                run_after = timezone.now() + retry_delay(message.attempts)
                transaction.on_commit(
                    lambda: deliver.using(run_after=run_after).enqueue(message_id)
                )
            elif refused and message.kind == OutboxMessage.Kind.NEWSLETTER:
                pass  # recorded on the subscriber; a bounce is not the team's emergency
            else:
                from .alerts import alert_team_of_failure

                alert_team_of_failure(message)
            return "failed"
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        # Delivered: the recipient has the secret now, nobody else needs it.
        message.sealed_body = ""
        message.save(update_fields=["attempts", "status", "sent_at", "last_error", "sealed_body"])
        return "sent"
