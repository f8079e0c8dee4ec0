"""Events of the running cohort of ``tests/cohort_world.py``, at a fixed date."""

import datetime
import zoneinfo

import pytest
import time_machine

from cohorte.events.models import Event
from tests.cohort_world import cohort_world  # noqa: F401 - the fixture

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2027, 2, 1, 10, 0, tzinfo=PARIS)


def at(day: int, hour: int, month: int = 2) -> datetime.datetime:
    return datetime.datetime(2027, month, day, hour, 0, tzinfo=PARIS)


def make_event(cohort, **changes) -> Event:
    values = {
        "cohort": cohort,
        "kind": Event.Kind.MONTHLY,
        "title": "Session collective de février",
        "format": Event.Format.ON_SITE,
        "place": "Ségur, salle 3",
        "starts_at": at(10, 14),
        "ends_at": at(10, 17),
        "audience": Event.Audience.BOTH,
    }
    challenges = changes.pop("challenges", [])
    event = Event.objects.create(**{**values, **changes})
    event.challenges.set(challenges)
    return event


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False):
        yield NOW
