"""Decision e-mails through the real outbox worker: failure shown to the team, then retried."""

import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from tests.decisions.conftest import validated

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def world(transactional_db):
    from tests.world import build_world

    return build_world()


def test_sent_decision_is_delivered_by_the_worker(client, world):
    decision = validated(world, outcome="not_selected")
    client.force_login(world.team)
    client.post(
        reverse("selection:decision_send", args=[world.call.slug]), {"decisions": [decision.pk]}
    )
    run_worker()
    [email] = mail.outbox
    assert email.to == [world.candidate.email]
    assert email.subject == "Réponse à votre candidature"
    assert OutboxMessage.objects.get().status == "sent"


def test_a_failed_delivery_is_shown_and_retried(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_TIMEOUT = 2
    decision = validated(world, outcome="not_selected")
    client.force_login(world.team)
    client.post(
        reverse("selection:decision_send", args=[world.call.slug]), {"decisions": [decision.pk]}
    )
    run_worker()

    message = OutboxMessage.objects.get()
    assert message.status == "failed"
    page = client.get(f"{reverse('selection:decision_outbox')}?appel={world.call.slug}")
    body = page.content.decode()
    assert "échec" in body
    assert "ConnectionRefusedError" in body
    assert "Renvoyer l’e-mail en échec" in body

    # The SMTP server is back: the team retries from the page.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(
        reverse("selection:decision_retry", args=[world.call.slug]), {"message": message.pk}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == "queued"
    [entry] = ActivityLog.objects.filter(action="decision.email_retried")
    assert entry.data == {"message": message.pk}
    assert entry.actor == world.team

    run_worker()
    message.refresh_from_db()
    assert message.status == "sent"
    assert [m.subject for m in mail.outbox] == ["Réponse à votre candidature"]


def test_retry_ignores_messages_of_other_calls_and_sent_ones(client, world):
    decision = validated(world, outcome="not_selected")
    client.force_login(world.team)
    client.post(
        reverse("selection:decision_send", args=[world.call.slug]), {"decisions": [decision.pk]}
    )
    stranger = OutboxMessage.objects.create(
        to=["x@example.org"], subject="S", body="B", status=OutboxMessage.Status.FAILED
    )
    response = client.post(
        reverse("selection:decision_retry", args=[world.call.slug]),
        {"message": stranger.pk},
        follow=True,
    )
    assert "Aucun e-mail en échec à renvoyer." in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.status == "failed"
