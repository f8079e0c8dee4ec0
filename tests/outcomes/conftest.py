"""The cohort of ``tests.cohort_world`` (ended 30 November 2027), its closing and follow-ups."""

import datetime

import pytest
import time_machine

from tests.cohort_world import cohort_world  # noqa: F401 - the world, as a fixture

END = datetime.date(2027, 11, 30)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def on_day():
    """Travel to a day (10:00 UTC), the clock stopped."""
    travels = []

    def travel(day):
        if travels:
            travels.pop().stop()
        traveller = time_machine.travel(at(day), tick=False)
        traveller.start()
        travels.append(traveller)
        return day

    yield travel
    for traveller in travels:
        traveller.stop()
