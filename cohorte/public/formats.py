"""Exact French renderings of moments, dates and numbers for the public site.

Deadlines are points in time: they are always shown in Europe/Paris, whatever the
server's or the visitor's time zone, with the hour spelled out ("0 h 00", never
"minuit" alone), because "closes on 8 June" is the programme's most common
misunderstanding.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext, pgettext_lazy

PARIS = ZoneInfo("Europe/Paris")
# French typography groups thousands with a narrow no-break space (CLDR, Imprimerie nationale).
THOUSANDS_SEPARATOR = "\u202f"

MONTHS = (
    pgettext_lazy("month name", "janvier"),
    pgettext_lazy("month name", "février"),
    pgettext_lazy("month name", "mars"),
    pgettext_lazy("month name", "avril"),
    pgettext_lazy("month name", "mai"),
    pgettext_lazy("month name", "juin"),
    pgettext_lazy("month name", "juillet"),
    pgettext_lazy("month name", "août"),
    pgettext_lazy("month name", "septembre"),
    pgettext_lazy("month name", "octobre"),
    pgettext_lazy("month name", "novembre"),
    pgettext_lazy("month name", "décembre"),
)


def _day(day: int) -> str:
    # French writes the first day of a month as an ordinal: "1er mars".
    return gettext("1er") if day == 1 else str(day)


def format_date(value: datetime.date | datetime.datetime | None) -> str:
    """A calendar date in French, e.g. "1er mars 2026" (datetimes are taken in Paris)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.astimezone(PARIS) if value.tzinfo else value
    return f"{_day(value.day)} {MONTHS[value.month - 1]} {value.year}"


def format_time(value: datetime.time) -> str:
    """A clock time in French, e.g. "9 h 00", "0 h 00", "23 h 59 min 30 s"."""
    text = f"{value.hour} h {value.minute:02d}"
    if value.second:
        text = f"{value.hour} h {value.minute:02d} min {value.second:02d} s"
    return text


def format_moment(moment: datetime.datetime) -> str:
    """A point in time in Paris, e.g. "2 mars 2026 à 9 h 00" (no time-zone mention)."""
    local = moment.astimezone(PARIS)
    return gettext("%(date)s à %(time)s") % {
        "date": format_date(local),
        "time": format_time(local.timetz()),
    }


def format_paris_moment(moment: datetime.datetime) -> str:
    """A point in time saying its zone, e.g. "2 mars 2026 à 9 h 00, heure de Paris"."""
    return gettext("%(moment)s, heure de Paris") % {"moment": format_moment(moment)}


def format_clock(moment: datetime.datetime) -> str:
    """The Paris clock time of a moment to the minute, e.g. "14 h 30" ("saved at 14 h 30")."""
    return format_time(moment.astimezone(PARIS).time().replace(second=0, microsecond=0))


def _midnight_note(moment: datetime.datetime) -> str:
    # "jusqu'au 8 juin à 0 h 00" is exact but often read as "8 June included": name the night.
    local = moment.astimezone(PARIS)
    if (local.hour, local.minute, local.second) != (0, 0, 0):
        return ""
    eve = local - datetime.timedelta(days=1)
    end = f"{_day(local.day)} {MONTHS[local.month - 1]}"
    start = _day(eve.day)
    if eve.month != local.month:
        start = f"{start} {MONTHS[eve.month - 1]}"
    night = f"{start} au {end}"
    return gettext(" (dans la nuit du %(night)s)") % {"night": night}


def format_window(opens_at: datetime.datetime, closes_at: datetime.datetime) -> str:
    """A submission window in Paris time: "du 2 mars 2026 à 9 h 00 jusqu'au …, heure de Paris"."""
    return gettext("du %(start)s jusqu'au %(end)s%(note)s, heure de Paris") % {
        "start": format_moment(opens_at),
        "end": format_moment(closes_at),
        "note": _midnight_note(closes_at),
    }


def format_number(value) -> str:
    """A number in French, e.g. "20 000 000" or "1 234,5" (narrow no-break spaces)."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + THOUSANDS_SEPARATOR.join(groups)
    fraction = fraction.rstrip("0")
    return f"{text},{fraction}" if fraction else text
