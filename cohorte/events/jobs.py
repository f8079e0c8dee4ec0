"""The day-before reminders of the programme's events."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte import periodic
from cohorte.notifications.domain import queue_email

from . import calendar
from .audience import audience_users
from .models import Event, Registration


def recipients(event) -> list[str]:
    """Registrants; for a mandatory event, the whole audience but the excused."""
    if event.mandatory:
        excused = Registration.objects.filter(event=event, state=Registration.State.EXCUSED).values(
            "user"
        )
        users = audience_users(event).exclude(pk__in=excused)
    else:
        users = calendar.registrants(event)
    return sorted({user.email for user in users if user.email})


@periodic.register("event_reminders", every=datetime.timedelta(hours=1))
def remind(now):
    """E-mail each event's people once, within the day before it starts."""
    due = Event.objects.filter(
        cancelled_at__isnull=True,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(days=1),
    )
    for event in due:
        # The conditional update claims the event: a second runner sends nothing.
        if not Event.objects.filter(pk=event.pk, reminded_at__isnull=True).update(reminded_at=now):
            continue
        when = timezone.localtime(event.starts_at).strftime("%d/%m/%Y à %H:%M")
        subject = _("Rappel : %(title)s, le %(when)s") % {"title": event.title, "when": when}
        body = _("« %(title)s » a lieu le %(when)s.\n\n%(details)s") % {
            "title": event.title,
            "when": when,
            "details": calendar.description(event),
        }
        for address in recipients(event):
            queue_email([address], subject, body)
