"""Weeks of the bulletins: a week is named by its Monday, in the programme's time zone."""

import datetime

from django.utils import timezone


def monday_of(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week."""
    return day - datetime.timedelta(days=day.weekday())


def current_week(now: datetime.datetime | None = None) -> datetime.date:
    """The Monday of this week, in Paris (the server's time zone)."""
    return monday_of(timezone.localdate(now or timezone.now()))


def parse_week(text: str) -> datetime.date | None:
    """The Monday written ``YYYY-MM-DD``, or None when it is not a date or not a Monday."""
    try:
        day = datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    if len(text) != 10 or day.weekday() != 0:
        return None
    return day
