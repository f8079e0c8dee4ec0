"""Background delivery of outbox messages."""

import base64
import json
import logging
import smtplib
import time
from datetime import timedelta
from email.message import Message

from django import db
from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage
from django.core.mail.message import SafeMIMEText
from django.db import InterfaceError, OperationalError, transaction
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
        headers={**(headers or {}), "Message-ID": message.message_id},
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


def claim_expired(message: OutboxMessage, now) -> bool:
    """Whether the worker that took ``message`` must be presumed dead."""
    limit = timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)
    return message.claimed_at is None or message.claimed_at <= now - limit


def claim(message_id: int) -> OutboxMessage | None:
    """Take the message to send it (committed at once), unless it is sent or being sent."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status == OutboxMessage.Status.SENT:
            return None
        now = timezone.now()
        if message.status == OutboxMessage.Status.SENDING and not claim_expired(message, now):
            return None  # another worker is sending it right now
        message.attempts += 1
        message.status = OutboxMessage.Status.SENDING
        message.claimed_at = now
        message.save(update_fields=["attempts", "status", "claimed_at"])
    return message


def record_sent(message_id: int) -> None:
    """Mark the message sent, waiting out a database restart: the e-mail has left, and a
    message left unmarked would be sent a second time."""
    deadline = time.monotonic() + settings.OUTBOX_RECORD_SECONDS
    pause = 0.5
    while True:
        try:
            OutboxMessage.objects.filter(pk=message_id).update(
                status=OutboxMessage.Status.SENT,
                sent_at=timezone.now(),
                last_error="",
                # Delivered: the recipient has the secret now, nobody else needs it.
                sealed_body="",
            )
            return
        except (OperationalError, InterfaceError):
            if time.monotonic() + pause > deadline:
                raise
            logger.warning("outbox message %s sent, database unreachable: retrying", message_id)
            db.connection.close()  # the next query opens a new one
            time.sleep(pause)
            pause = min(pause * 2, 5)


@task()
def deliver(message_id: int) -> str:
    """Send one outbox message; on failure, schedule a retry until MAX_ATTEMPTS, then alert.

    The message is claimed in a transaction of its own and sent outside it, so that a
    worker killed mid-way leaves it visibly taken (``recover_stranded_messages`` sends it
    again once the claim expires) and a database restart during the exchange cannot undo
    the record of a delivery.
    """
    message = claim(message_id)
    if message is None:
        return "skipped"
    try:
        _send(message)
    except Exception as exc:  # any transport error is retried, never lost
        with transaction.atomic():
            message.status = OutboxMessage.Status.FAILED
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.save(update_fields=["status", "last_error"])
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
    record_sent(message.pk)
    return "sent"
