"""Dates of a template, relative to the first of January of its promotion's year.

A call that opened on 15 September 2025 at 9 h for the promotion of 2026 is written
``{"day": -108, "time": "09:00"}``: imported for a promotion of 2028, it opens on
15 September 2027 at 9 h (Paris time), whatever the calendar's leap days.
"""

import datetime
import re

from django.utils.translation import gettext as _

from cohorte.public.formats import PARIS

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _origin(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def relative_moment(moment: datetime.datetime | None, year: int) -> dict | None:
    """A moment as days from 1 January of ``year`` and its Paris wall-clock time."""
    if moment is None:
        return None
    local = moment.astimezone(PARIS)
    return {"day": (local.date() - _origin(year)).days, "time": local.strftime("%H:%M")}


def absolute_moment(relative: dict | None, year: int) -> datetime.datetime | None:
    """The moment a relative one names for a promotion of ``year``."""
    if relative is None:
        return None
    day = _origin(year) + datetime.timedelta(days=relative["day"])
    hours, minutes = (int(part) for part in relative["time"].split(":"))
    local = datetime.datetime.combine(day, datetime.time(hours, minutes), tzinfo=PARIS)
    return local.astimezone(datetime.UTC)


def relative_day(day: datetime.date | None, year: int) -> int | None:
    """A date as days from 1 January of ``year``."""
    return None if day is None else (day - _origin(year)).days


def absolute_day(days: int | None, year: int) -> datetime.date | None:
    """The date ``days`` after 1 January of ``year``."""
    return None if days is None else _origin(year) + datetime.timedelta(days=days)


def _is_days(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= 3660


def moment_problem(value, where: str) -> str:
    """Why a relative moment cannot be read, or empty (None stands for no moment)."""
    if value is None:
        return ""
    if (
        isinstance(value, dict)
        and set(value) == {"day", "time"}
        and _is_days(value["day"])
        and isinstance(value["time"], str)
        and TIME.match(value["time"])
    ):
        return ""
    return _(
        '%(where)s : une date relative s\'écrit {"day": nombre de jours depuis le 1er janvier '
        'de l\'année de la promotion, "time": "HH:MM"}.'
    ) % {"where": where}


def day_problem(value, where: str) -> str:
    """Why a relative day cannot be read, or empty."""
    if value is None or _is_days(value):
        return ""
    return _("%(where)s : un nombre de jours depuis le 1er janvier est attendu.") % {"where": where}
