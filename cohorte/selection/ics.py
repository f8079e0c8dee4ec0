"""Calendar files (.ics, RFC 5545) sent with invitations: interviews and défi auditions."""

import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText


def event_uid(prefix: str, pk: int) -> str:
    """A stable identifier: a moved meeting replaces the event in the invitee's calendar."""
    host = urlsplit(settings.SITE_URL).hostname or "cohorte"
    return f"{prefix}-{pk}@{host}"


def interview_uid(slot) -> str:
    """The identifier of an interview's event."""
    return event_uid("audition", slot.pk)


def event_calendar(
    *,
    uid: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    summary: str,
    description: str,
    location: str = "",
    url: str = "",
    sequence: int = 0,
    cancelled: bool = False,
) -> bytes:
    """The .ics of one meeting (times in UTC), or of its cancellation."""
    starts_at = starts_at.astimezone(datetime.UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Cohorte//Auditions//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + datetime.timedelta(minutes=duration_minutes))
    event.add("sequence", sequence)
    event.add("summary", summary)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
        if not location:
            event.add("location", url)
    event.add("description", description)
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address or 'ne-pas-repondre@cohorte.local'}")
    organizer.params["cn"] = vText(name or "Cohorte")
    event.add("organizer", organizer)
    calendar.add_component(event)
    return calendar.to_ical()


def interview_calendar(slot, *, sequence: int = 0, cancelled: bool = False) -> bytes:
    """The .ics of an interview (times in UTC), or of its cancellation."""
    call = slot.application.call
    description = [f"Audition pour « {call.title} »."]
    if slot.challenge_id:
        description.append(f"Défi : {slot.challenge.title}.")
    if slot.video_link:
        description.append(f"Lien de visioconférence : {slot.video_link}")
    return event_calendar(
        uid=interview_uid(slot),
        starts_at=slot.starts_at,
        duration_minutes=slot.duration_minutes,
        summary=f"Audition — {call.title}",
        description="\n".join(description),
        location=slot.location or slot.panel.location,
        url=slot.video_link,
        sequence=sequence,
        cancelled=cancelled,
    )
