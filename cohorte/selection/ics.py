"""Calendar invitations (iTIP over e-mail, RFC 5546 and 6047): interviews and défi auditions.

An invitation and each of its updates is a ``METHOD:REQUEST`` with the same UID and a higher
SEQUENCE, a cancellation a ``METHOD:CANCEL``: the invitee's calendar program updates or removes
the event it already holds. The MIME part carries the method too (``content_type``).
"""

import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .venue import Venue

REQUEST, CANCEL = "REQUEST", "CANCEL"


def content_type(method: str) -> str:
    """The MIME type of a calendar part sent by e-mail (RFC 6047: the method is repeated)."""
    return f"text/calendar; method={method}; charset=UTF-8"


def event_uid(prefix: str, pk: int) -> str:
    """A stable identifier: a moved meeting replaces the event in the invitee's calendar."""
    host = urlsplit(settings.SITE_URL).hostname or "cohorte"
    return f"{prefix}-{pk}@{host}"


def interview_uid(slot) -> str:
    """The identifier of an interview's event."""
    return event_uid("audition", slot.pk)


def organizer() -> tuple[str, str]:
    """The address and name that send the invitations (COHORTE_CALENDAR_ORGANIZER, else the
    sender of every e-mail)."""
    configured = getattr(settings, "COHORTE_CALENDAR_ORGANIZER", "") or settings.DEFAULT_FROM_EMAIL
    name, address = parseaddr(configured)
    return address or "ne-pas-repondre@cohorte.local", name or "Cohorte"


def _address(email: str, name: str = "") -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def event_calendar(
    *,
    uid: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    summary: str,
    description: str,
    attendees: list[tuple[str, str]],
    venue: Venue = Venue(),  # noqa: B008 - frozen, never changed
    sequence: int = 0,
    method: str = REQUEST,
) -> bytes:
    """The iTIP message of one meeting (times in UTC): its invitation or update, or its
    cancellation; ``attendees`` are (e-mail, name) pairs."""
    starts_at = starts_at.astimezone(datetime.UTC)
    cancelled = method == CANCEL
    calendar = Calendar()
    calendar.add("prodid", "-//Cohorte//Auditions//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + datetime.timedelta(minutes=duration_minutes))
    event.add("sequence", sequence)
    event.add("summary", summary)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if venue.calendar_location:
        event.add("location", venue.calendar_location)
    if venue.video_link:
        event.add("url", venue.video_link)
    event.add("description", description)
    email, name = organizer()
    event.add("organizer", _address(email, name))
    for email, name in attendees:
        attendee = _address(email, name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        if not cancelled:
            attendee.params["partstat"] = vText("NEEDS-ACTION")
            attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()


def interview_calendar(slot, venue: Venue, *, method: str = REQUEST) -> bytes:
    """The iTIP message of an interview for its candidate (version ``slot.sequence``)."""
    application = slot.application
    call = application.call
    description = [f"Audition pour « {call.title} »."]
    if slot.challenge_id:
        description.append(f"Défi : {slot.challenge.title}.")
    description.append(f"Lieu : {venue.text()}")
    return event_calendar(
        uid=interview_uid(slot),
        starts_at=slot.starts_at,
        duration_minutes=slot.duration_minutes,
        summary=f"Audition — {call.title}",
        description="\n".join(description),
        attendees=[(application.candidate.email, application.display_name)],
        venue=venue,
        sequence=slot.sequence,
        method=method,
    )
