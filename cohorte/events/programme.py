"""The team's changes to the programme: create, edit, cancel, materials, e-mails (audited)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.notifications.domain import queue_email
from cohorte.selection.ics import CANCEL, REQUEST

from . import calendar
from .models import Event, Material, Registration, Speaker


def check_times(starts_at, ends_at) -> None:
    """An event ends after it starts."""
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError(_("La fin de l’événement doit être après son début."))


def check_capacity(event, capacity) -> None:
    """An edited event keeps room for the people already registered."""
    if event.pk is None or capacity is None:
        return
    registered = event.registrations.filter(state=Registration.State.REGISTERED).count()
    if capacity < registered:
        raise ValidationError(
            _(
                "%(registered)s personnes sont déjà inscrites : la capacité ne peut pas "
                "descendre en dessous."
            )
            % {"registered": registered}
        )


def _set_speakers(event, people, external) -> None:
    event.speakers.all().delete()
    Speaker.objects.bulk_create(
        [Speaker(event=event, person=person) for person in people]
        + [Speaker(event=event, name=name, organisation=org) for name, org in external]
    )


@transaction.atomic
def save_event(event, *, challenges, profiles, people, external, actor) -> Event:
    """Create or update ``event``; registrants of an updated event receive the change."""
    check_times(event.starts_at, event.ends_at)
    check_capacity(event, event.capacity)
    created = event.pk is None
    if not created:
        event.sequence += 1
    event.save()
    event.challenges.set(challenges)
    event.profiles.set(profiles)
    _set_speakers(event, people, external)
    record(
        "event.created" if created else "event.updated",
        event,
        actor,
        title=event.title,
        starts_at=event.starts_at.isoformat(),
        sequence=event.sequence,
    )
    if not created:
        calendar.send_itip(event, REQUEST)
    return event


@transaction.atomic
def cancel(event, actor) -> None:
    """Cancel the event; its registrants' calendars drop it."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.cancelled_at:
        raise ValidationError(_("Cet événement est déjà annulé."))
    event.cancelled_at = timezone.now()
    event.sequence += 1
    event.save(update_fields=["cancelled_at", "sequence"])
    record("event.cancelled", event, actor, sequence=event.sequence)
    calendar.send_itip(event, CANCEL)


def add_material(event, title: str, url: str, actor) -> Material:
    """Add slides, a link or a recording to the event."""
    material = Material.objects.create(event=event, title=title, url=url)
    record("event.material_added", event, actor, title=title, url=url)
    return material


def email_registrants(event, subject: str, body: str, actor) -> int:
    """E-mail every registrant of the event; returns how many were written to."""
    people = [user.email for user in calendar.registrants(event) if user.email]
    if not people:
        raise ValidationError(_("Personne n’est inscrit à cet événement."))
    for address in people:
        queue_email([address], subject, body)
    record("event.emailed", event, actor, email_subject=subject, recipients=len(people))
    return len(people)
