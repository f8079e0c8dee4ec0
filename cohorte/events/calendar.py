"""Events as calendar data: the iTIP e-mails to registrants and the personal feeds."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from cohorte.notifications.domain import attachment, queue_email
from cohorte.selection.ics import CANCEL, REQUEST, content_type, event_calendar, event_uid
from cohorte.selection.venue import Venue

from .models import Registration


def uid(event) -> str:
    """The event's stable calendar identifier."""
    return event_uid("evenement", event.pk)


def venue(event) -> Venue:
    """Where the event happens."""
    return Venue(event.place, event.video_link)


def description(event) -> str:
    """What the calendar entry and the e-mails say of the event."""
    lines = [event.get_kind_display()]
    if event.theme:
        lines.append(_("Thème : %(theme)s") % {"theme": event.theme})
    lines.append(_("Lieu : %(place)s") % {"place": venue(event).text()})
    if event.mandatory:
        lines.append(_("Session obligatoire."))
    return "\n".join(lines)


def _minutes(event) -> int:
    return int((event.ends_at - event.starts_at).total_seconds() // 60)


def registrants(event):
    """Accounts registered for the event."""
    return [
        r.user
        for r in Registration.objects.filter(
            event=event, state=Registration.State.REGISTERED
        ).select_related("user")
    ]


def send_itip(event, method: str = REQUEST) -> int:
    """E-mail each registrant the event's update (or its cancellation); returns how many."""
    people = [user for user in registrants(event) if user.email]
    local = timezone.localtime(event.starts_at)
    when = local.strftime("%d/%m/%Y à %H:%M")
    if method == CANCEL:
        subject = _("Annulé : %(title)s") % {"title": event.title}
        body = _("L’événement « %(title)s » du %(when)s est annulé.") % {
            "title": event.title,
            "when": when,
        }
    else:
        subject = _("Modifié : %(title)s") % {"title": event.title}
        body = _("L’événement « %(title)s » a changé. Il a lieu le %(when)s.\n\n%(details)s") % {
            "title": event.title,
            "when": when,
            "details": description(event),
        }
    for user in people:
        ics = event_calendar(
            uid=uid(event),
            starts_at=event.starts_at,
            duration_minutes=_minutes(event),
            summary=event.title,
            description=description(event),
            attendees=[(user.email, user.get_full_name())],
            venue=venue(event),
            sequence=event.sequence,
            method=method,
        )
        queue_email(
            [user.email],
            subject,
            body,
            attachments=[attachment("evenement.ics", content_type(method), ics)],
        )
    return len(people)


def feed(events) -> bytes:
    """A calendar (no METHOD: a subscription, not a message) holding ``events``."""
    calendar = Calendar()
    calendar.add("prodid", "-//Cohorte//Programme//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Cohorte — programme")
    stamp = timezone.now().astimezone(datetime.UTC)
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", uid(event))
        entry.add("dtstamp", stamp)
        entry.add("dtstart", event.starts_at.astimezone(datetime.UTC))
        entry.add("dtend", event.ends_at.astimezone(datetime.UTC))
        entry.add("sequence", event.sequence)
        entry.add("summary", event.title)
        entry.add("status", "CANCELLED" if event.cancelled_at else "CONFIRMED")
        place = venue(event)
        if place.calendar_location:
            entry.add("location", place.calendar_location)
        if place.video_link:
            entry.add("url", place.video_link)
        entry.add("description", description(event))
        calendar.add_component(entry)
    return calendar.to_ical()
