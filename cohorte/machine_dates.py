"""Dates and moments written for machines: the values of HTML ``datetime`` attributes.

People read the French text of a ``<time>`` element; browsers, search engines and feed
readers read its ``datetime`` attribute, which HTML restricts to at most three digits of
a second: Python's and Django's ISO strings carry six (``.425913``) whenever a moment has
microseconds, as every moment taken from the clock does.
"""

import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def html_datetime(value: datetime.date | datetime.datetime | None) -> str:
    """A valid HTML ``datetime`` value: "2026-03-02T09:00:00+01:00", or "2026-03-02" for a day."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime.datetime):
        return value.isoformat()
    # A moment without a time zone is a Paris wall-clock time, as the programme writes them.
    aware = value if value.tzinfo else value.replace(tzinfo=PARIS)
    return aware.astimezone(PARIS).isoformat(timespec="seconds")
