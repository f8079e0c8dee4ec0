"""Telling the team when an e-mail could not be delivered, so that none is lost silently."""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.accounts.roles import team_addresses
from cohorte.audit.domain import record

from .models import OutboxMessage

logger = logging.getLogger(__name__)


def failed_messages():
    """Messages whose delivery failed, newest first (what the team must look at)."""
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED)


def alert_team_of_failure(message: OutboxMessage) -> None:
    """Audit a message given up on and e-mail the team about it (never about an alert)."""
    from .domain import queue_email

    record("outbox.failed", message, attempts=message.attempts, kind=message.kind)
    if message.kind == OutboxMessage.Kind.ALERT:
        # An alert that fails would alert again, and again: the journal and the back
        # office's banner are the only trace then.
        logger.error("outbox alert %s could not be delivered", message.pk)
        return
    recipients = team_addresses()
    if not recipients:
        logger.error("outbox message %s failed and no team address is known", message.pk)
        return
    link = settings.SITE_URL + reverse(
        "admin:notifications_outboxmessage_change", args=[message.pk]
    )
    body = _(
        "Bonjour,\n\n"
        "L'e-mail « %(subject)s » (n° %(id)s) n'a pas pu être envoyé après %(attempts)s "
        "tentative(s).\nDernière erreur : %(error)s\n\n"
        "Corrigez la cause puis renvoyez-le depuis la boîte d'envoi : %(link)s\n"
    ) % {
        "subject": message.subject,
        "id": message.pk,
        "attempts": message.attempts,
        "error": message.last_error.splitlines()[0] if message.last_error else "—",
        "link": link,
    }
    queue_email(
        recipients,
        _("Un e-mail n'a pas pu être envoyé"),
        body,
        kind=OutboxMessage.Kind.ALERT,
    )
