"""Periodic jobs of the bulletins (registered when the app is ready): the Thursday reminder
and the Friday digest, in Paris time. They run hourly and act once the day and hour come;
what they sent is recorded, so another run the same week sends nothing again."""

import datetime

from django.utils import timezone

from cohorte import periodic

from . import digest, reminders
from .weeks import monday_of

THURSDAY, FRIDAY = 3, 4
REMINDER_HOUR = 10  # Thursday morning: a day left to write the bulletin
DIGEST_HOUR = 16  # Friday afternoon: the week's bulletins are in


def _due(now, weekday: int, hour: int):
    local = timezone.localtime(now)
    if local.weekday() != weekday or local.hour < hour:
        return None
    return monday_of(local.date())


@periodic.register("bulletin_reminders", every=datetime.timedelta(hours=1))
def bulletin_reminders(now):
    """Thursdays: remind the défis whose bulletin of the week is not published."""
    week = _due(now, THURSDAY, REMINDER_HOUR)
    return reminders.remind(week) if week else 0


@periodic.register("bulletin_digest", every=datetime.timedelta(hours=1))
def bulletin_digest(now):
    """Fridays: send everyone the week's bulletins they may read."""
    week = _due(now, FRIDAY, DIGEST_HOUR)
    return digest.send(week) if week else 0
