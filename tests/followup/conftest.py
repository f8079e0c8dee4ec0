"""The running cohort of ``tests.cohort_world``, on a day of its fifth month."""

import datetime

import pytest
import time_machine

from tests.cohort_world import cohort_world  # noqa: F401 - the world, as a fixture

TODAY = datetime.date(2027, 5, 17)
NOW = datetime.datetime(2027, 5, 17, 10, tzinfo=datetime.UTC)


@pytest.fixture
def on_day():
    with time_machine.travel(NOW, tick=False):
        yield TODAY
