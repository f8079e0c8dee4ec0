"""HTML ``datetime`` values: whole seconds and the Paris offset, never six decimals."""

import datetime
from zoneinfo import ZoneInfo

from cohorte.machine_dates import html_datetime

UTC = datetime.UTC


def test_a_moment_from_the_clock_loses_its_microseconds():
    moment = datetime.datetime(2026, 3, 2, 8, 0, 5, 425913, tzinfo=UTC)
    assert html_datetime(moment) == "2026-03-02T09:00:05+01:00"


def test_the_offset_is_paris_in_winter_and_in_summer():
    assert html_datetime(datetime.datetime(2026, 1, 5, 23, 30, tzinfo=UTC)) == (
        "2026-01-06T00:30:00+01:00"
    )
    assert html_datetime(datetime.datetime(2026, 7, 14, 8, 0, tzinfo=UTC)) == (
        "2026-07-14T10:00:00+02:00"
    )
    new_york = datetime.datetime(2026, 7, 14, 4, 0, tzinfo=ZoneInfo("America/New_York"))
    assert html_datetime(new_york) == "2026-07-14T10:00:00+02:00"


def test_a_moment_without_time_zone_is_read_in_paris():
    assert html_datetime(datetime.datetime(2026, 7, 14, 10, 0, 0, 1)) == (
        "2026-07-14T10:00:00+02:00"
    )


def test_a_day_is_a_date_and_nothing_is_empty():
    assert html_datetime(datetime.date(2026, 3, 1)) == "2026-03-01"
    assert html_datetime(None) == ""
    assert html_datetime("") == ""
