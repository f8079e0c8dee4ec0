"""Exact French renderings: submission windows in Paris time, dates and numbers."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cohorte.public.formats import (
    format_clock,
    format_date,
    format_moment,
    format_number,
    format_paris_moment,
    format_window,
)

pytestmark = pytest.mark.django_db  # the shared autouse fixture clears the database cache

PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.UTC
NNBSP = "\u202f"


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


def test_window_is_spelled_out_in_paris_time():
    opens = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # winter: UTC+1
    closes = datetime.datetime(2026, 6, 7, 21, 0, tzinfo=UTC)  # summer: UTC+2
    assert format_window(opens, closes) == (
        "du 2 mars 2026 à 9 h 00 jusqu'au 7 juin 2026 à 23 h 00, heure de Paris"
    )


def test_midnight_deadline_shows_zero_hour_and_names_the_night():
    text = format_window(paris(2026, 3, 2, 9, 0), paris(2026, 6, 8, 0, 0))
    assert text == (
        "du 2 mars 2026 à 9 h 00 jusqu'au 8 juin 2026 à 0 h 00 "
        "(dans la nuit du 7 au 8 juin), heure de Paris"
    )


def test_midnight_deadline_across_months_names_both_months():
    text = format_window(paris(2026, 6, 1, 10, 30), paris(2026, 7, 1, 0, 0))
    assert text == (
        "du 1er juin 2026 à 10 h 30 jusqu'au 1er juillet 2026 à 0 h 00 "
        "(dans la nuit du 30 juin au 1er juillet), heure de Paris"
    )


def test_a_moment_says_its_zone_and_a_clock_its_paris_hour():
    moment = datetime.datetime(2026, 12, 30, 13, 30, tzinfo=UTC)  # winter: UTC+1
    assert format_paris_moment(moment) == "30 décembre 2026 à 14 h 30, heure de Paris"
    assert format_clock(moment) == "14 h 30"
    assert format_clock(moment.replace(second=59)) == "14 h 30"
    assert format_clock(datetime.datetime(2026, 7, 1, 22, 5, tzinfo=UTC)) == "0 h 05"


def test_seconds_are_shown_when_not_zero():
    assert format_moment(paris(2026, 6, 7, 23, 59, 59)) == "7 juin 2026 à 23 h 59 min 59 s"


def test_moment_from_another_time_zone_is_converted_to_paris():
    new_york = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    assert format_moment(new_york) == "15 janvier 2026 à 18 h 00"


def test_moment_right_after_the_spring_clock_change():
    # 01:00 UTC on 29 March 2026 is 03:00 in Paris (clocks went from 2:00 to 3:00).
    assert format_moment(datetime.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)) == (
        "29 mars 2026 à 3 h 00"
    )


def test_date_uses_first_ordinal_and_paris_day():
    assert format_date(datetime.date(2026, 8, 1)) == "1er août 2026"
    # 23:30 UTC on 31 December is already 1 January in Paris.
    assert format_date(datetime.datetime(2025, 12, 31, 23, 30, tzinfo=UTC)) == "1er janvier 2026"
    assert format_date(None) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("20000000.00"), f"20{NNBSP}000{NNBSP}000"),
        (Decimal("1234.50"), f"1{NNBSP}234,5"),
        (Decimal("0.25"), "0,25"),
        (999, "999"),
        (1000, f"1{NNBSP}000"),
        (0, "0"),
        (Decimal("-1500"), f"-1{NNBSP}500"),
        (None, ""),
    ],
)
def test_numbers_are_grouped_the_french_way(value, expected):
    assert format_number(value) == expected
