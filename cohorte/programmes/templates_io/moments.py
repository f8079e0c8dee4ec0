"""Dates of a template, relative to its promotion's year: a year offset and a calendar day.

A call that opened on 15 September 2025 at 9 h for the promotion of 2026 is written
``{"year": -1, "day": "09-15", "time": "09:00"}``: imported for a promotion of 2028, it
opens on 15 September 2027 at 9 h, Paris time. A 29 February becomes the 28th in other years.
"""

import datetime
import re

from django.utils.translation import gettext as _

from cohorte.public.formats import PARIS

DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def relative_day(day: datetime.date | None, year: int) -> dict | None:
    """A date as years after ``year`` and its month and day."""
    if day is None:
        return None
    return {"year": day.year - year, "day": day.strftime("%m-%d")}


def absolute_day(relative: dict | None, year: int) -> datetime.date | None:
    """The date a relative one names for a promotion of ``year``."""
    if relative is None:
        return None
    month, day = (int(part) for part in relative["day"].split("-"))
    target = year + relative["year"]
    try:
        return datetime.date(target, month, day)
    except ValueError:  # 29 February in a common year, or 31 April
        return datetime.date(target, month, 28)


def relative_moment(moment: datetime.datetime | None, year: int) -> dict | None:
    """A moment as a relative day and its Paris wall-clock time."""
    if moment is None:
        return None
    local = moment.astimezone(PARIS)
    return relative_day(local.date(), year) | {"time": local.strftime("%H:%M")}


def absolute_moment(relative: dict | None, year: int) -> datetime.datetime | None:
    """The moment a relative one names for a promotion of ``year``."""
    if relative is None:
        return None
    hours, minutes = (int(part) for part in relative["time"].split(":"))
    local = datetime.datetime.combine(
        absolute_day(relative, year), datetime.time(hours, minutes), tzinfo=PARIS
    )
    return local.astimezone(datetime.UTC)


def _is_day(value, keys: set) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == keys
        and isinstance(value["year"], int)
        and not isinstance(value["year"], bool)
        and abs(value["year"]) <= 10
        and isinstance(value["day"], str)
        and DAY.match(value["day"]) is not None
    )


def moment_problem(value, where: str) -> str:
    """Why a relative moment cannot be read, or empty (None stands for no moment)."""
    keys = {"year", "day", "time"}
    if value is None or (
        _is_day(value, keys) and isinstance(value["time"], str) and TIME.match(value["time"])
    ):
        return ""
    return _(
        '%(where)s : un moment s\'écrit {"year": années après celle de la promotion, '
        '"day": "MM-JJ", "time": "HH:MM"}.'
    ) % {"where": where}


def day_problem(value, where: str) -> str:
    """Why a relative day cannot be read, or empty."""
    if value is None or _is_day(value, {"year", "day"}):
        return ""
    return _(
        '%(where)s : une date s\'écrit {"year": années après celle de la promotion, '
        '"day": "MM-JJ"}.'
    ) % {"where": where}
