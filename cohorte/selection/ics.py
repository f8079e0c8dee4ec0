"""The calendar file (.ics, RFC 5545) sent with an interview invitation."""

import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText


def interview_uid(slot) -> str:
    """A stable identifier: a moved interview replaces the event in the candidate's calendar."""
    host = urlsplit(settings.SITE_URL).hostname or "cohorte"
    return f"audition-{slot.pk}@{host}"


def interview_calendar(slot, *, sequence: int = 0, cancelled: bool = False) -> bytes:
    """The .ics of an interview (times in UTC), or of its cancellation."""
    call = slot.application.call
    starts_at = slot.starts_at.astimezone(datetime.UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Cohorte//Auditions//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", interview_uid(slot))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + datetime.timedelta(minutes=slot.duration_minutes))
    event.add("sequence", sequence)
    event.add("summary", f"Audition — {call.title}")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    location = slot.location or slot.panel.location
    if location:
        event.add("location", location)
    if slot.video_link:
        event.add("url", slot.video_link)
        if not location:
            event.add("location", slot.video_link)
    description = [f"Audition pour « {call.title} »."]
    if slot.challenge_id:
        description.append(f"Défi : {slot.challenge.title}.")
    if slot.video_link:
        description.append(f"Lien de visioconférence : {slot.video_link}")
    event.add("description", "\n".join(description))
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address or 'ne-pas-repondre@cohorte.local'}")
    organizer.params["cn"] = vText(name or "Cohorte")
    event.add("organizer", organizer)
    calendar.add_component(event)
    return calendar.to_ical()
