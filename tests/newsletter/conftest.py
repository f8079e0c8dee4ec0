"""The newsletter's tests: a day of the year, subscribers, the links the outbox holds."""

import datetime
import html
import json
import re

import pytest
import time_machine

from cohorte.newsletter.models import Subscriber
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.sealing import unseal
from tests.cohort_world import cohort_world  # noqa: F401 - the world, as a fixture

NOW = datetime.datetime(2027, 3, 15, 9, tzinfo=datetime.UTC)
CONFIRM = re.compile(r"https?://[^/\s]+(/lettre/confirmer/[^/\s]+/)")
UNSUBSCRIBE = re.compile(r"https?://[^/\s]+(/lettre/desinscription/[^/\s]+/)")


@pytest.fixture
def on_day():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def text(response) -> str:
    return html.unescape(response.content.decode())


def sealed(message: OutboxMessage) -> dict:
    """What the recipient receives: the sealed subject, body and headers."""
    return json.loads(unseal(message.sealed_body))


def link_in(message: OutboxMessage, pattern: re.Pattern) -> str:
    """The path of the personal link an outbox message carries (sealed)."""
    return pattern.search(sealed(message)["body"]).group(1)


def confirmed(email: str, **topics) -> Subscriber:
    """A subscriber who confirmed (all topics unless told)."""
    values = topics or {"calls": True, "articles": True, "jobs": True}
    return Subscriber.objects.create(email=email, confirmed_at=NOW, **values)


def snapshot() -> tuple:
    """The newsletter's rows and the outbox, to prove that a refusal changed nothing."""
    from cohorte.newsletter.models import Delivery, Edition

    return (
        list(Subscriber.objects.order_by("pk").values()),
        list(Edition.objects.order_by("pk").values()),
        list(Delivery.objects.order_by("pk").values()),
        OutboxMessage.objects.count(),
    )
