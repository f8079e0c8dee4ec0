"""The team sees counts; it exports addresses for a legal reason only, written to the log;
a bounce reported by the SMTP server stops the sending to that address."""

import asyncio
import csv
import io
import smtplib

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.newsletter import domain
from cohorte.newsletter.models import Delivery, Edition, Subscriber
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import deliver, refused_for_good
from tests.production_server import free_port

from .conftest import NOW, confirmed, snapshot, text

pytestmark = pytest.mark.django_db


def test_the_team_sees_counts_only(client, cohort_world, on_day):
    confirmed("a@example.org", calls=True)
    confirmed("b@example.org", calls=True, jobs=True)
    Subscriber.objects.create(email="pending@example.org", calls=True)
    Subscriber.objects.filter(email="b@example.org").update(bounced_at=NOW)
    client.force_login(cohort_world.users["team"])
    page = client.get(reverse("newsletter:home"))
    assert page.context["counts"] == {
        "confirmed": 1, "pending": 1, "bounced": 1, "calls": 1, "articles": 0, "jobs": 0,
    }  # fmt: skip
    assert "@example.org" not in text(page)


def test_an_export_needs_a_legal_reason_and_is_logged(client, cohort_world, on_day):
    confirmed("a@example.org", calls=True)
    team = cohort_world.users["team"]
    client.force_login(team)
    before = snapshot()
    refused = client.post(reverse("newsletter:export"), {"reason": "parce que"})
    assert refused.status_code == 400
    assert refused.context["export_form"].errors == {
        "reason": ["Décrivez le motif légal en une phrase (15 caractères au moins)."]
    }
    assert snapshot() == before
    assert not ActivityLog.objects.filter(action="newsletter.subscribers_exported").exists()
    reason = "Demande d’accès de la personne, reçue le 3 mars 2027."
    response = client.post(reverse("newsletter:export"), {"reason": reason})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [
        "Adresse e-mail", "Appels", "Articles", "Offres d'emploi", "Inscrit·e le",
        "Confirmé·e le", "Refusé·e par le serveur le",
    ]  # fmt: skip
    assert [row[:4] for row in rows[1:]] == [["a@example.org", "Oui", "Non", "Non"]]
    log = ActivityLog.objects.get(action="newsletter.subscribers_exported")
    assert (log.actor, log.data) == (team, {"reason": reason, "rows": 1})


class RefusingHandler:
    """An SMTP server that refuses one mailbox for good and counts what it accepts."""

    def __init__(self, refused: str):
        self.refused, self.accepted = refused, []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.accepted += envelope.rcpt_tos
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings):
    handler = RefusingHandler("gone@example.org")
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield handler
    controller.stop()
    asyncio.set_event_loop(None)


def test_a_bounce_from_the_smtp_server_is_recorded_and_not_retried(
    cohort_world, on_day, smtp_server
):
    gone, kept = confirmed("gone@example.org"), confirmed("kept@example.org")
    edition = Edition.objects.create(subject="Lettre", calls=True, status=Edition.Status.SENDING)
    deliveries = [
        Delivery.objects.create(edition=edition, subscriber=s, message=domain.queue_for(edition, s))
        for s in (gone, kept)
    ]
    alerts = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.ALERT)
    assert [deliver.call(d.message_id) for d in deliveries] == ["failed", "sent"]
    assert smtp_server.accepted == ["kept@example.org"]
    refused = OutboxMessage.objects.get(pk=deliveries[0].message_id)
    assert refused.status == OutboxMessage.Status.FAILED
    assert refused.last_error.startswith("SMTPRecipientsRefused")
    gone.refresh_from_db(), kept.refresh_from_db()
    assert (gone.bounced_at, kept.bounced_at) == (NOW, None)
    assert not alerts.exists()  # a bounce is no emergency for the team
    assert list(domain.audience(edition)) == [kept]
    # A temporary refusal (4xx) is not a bounce: the delivery is tried again later.
    assert not refused_for_good(
        smtplib.SMTPRecipientsRefused({"x@example.org": (450, b"Greylisted")})
    )
