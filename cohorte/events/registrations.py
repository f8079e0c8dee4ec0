"""A fellow's or mentor's answer to an event: register, excuse themselves, withdraw."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record

from .audience import in_audience
from .models import Event, Registration

REASON_MAX = 2000


def _open(event, user, now) -> None:
    if event.cancelled_at:
        raise ValidationError(_("Cet événement est annulé."))
    if event.starts_at <= now:
        raise ValidationError(_("Cet événement a déjà commencé : vous ne pouvez plus répondre."))
    if not in_audience(user, event):
        raise ValidationError(_("Cet événement ne s’adresse pas à vous."))


def state_of(event, user) -> str:
    """The user's answer to the event ("registered", "excused", or "")."""
    answer = Registration.objects.filter(event=event, user=user).first()
    return answer.state if answer else ""


@transaction.atomic
def register(event, user, now=None) -> Registration:
    """Register ``user``; refused if the event is cancelled, begun, full or not for them."""
    now = now or timezone.now()
    # The lock serialises registrations: two people never take the last seat together.
    event = Event.objects.select_for_update().get(pk=event.pk)
    _open(event, user, now)
    registered = Registration.objects.filter(event=event, state=Registration.State.REGISTERED)
    if registered.filter(user=user).exists():
        raise ValidationError(_("Vous êtes déjà inscrit·e à cet événement."))
    if event.capacity is not None and registered.count() >= event.capacity:
        raise ValidationError(_("Cet événement est complet."))
    answer, _created = Registration.objects.update_or_create(
        event=event, user=user, defaults={"state": Registration.State.REGISTERED, "reason": ""}
    )
    record("event.registered", event, user)
    return answer


@transaction.atomic
def excuse(event, user, reason: str, now=None) -> Registration:
    """Record that ``user`` will not come, and why."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez la raison de votre absence."))
    if len(reason) > REASON_MAX:
        raise ValidationError(_("La raison tient en 2 000 caractères au plus."))
    event = Event.objects.select_for_update().get(pk=event.pk)
    _open(event, user, now)
    answer, _created = Registration.objects.update_or_create(
        event=event, user=user, defaults={"state": Registration.State.EXCUSED, "reason": reason}
    )
    record("event.excused", event, user)
    return answer


@transaction.atomic
def withdraw(event, user, now=None) -> None:
    """Cancel ``user``'s registration before the event begins."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.starts_at <= now:
        raise ValidationError(_("Cet événement a déjà commencé : vous ne pouvez plus répondre."))
    deleted, _rows = Registration.objects.filter(
        event=event, user=user, state=Registration.State.REGISTERED
    ).delete()
    if not deleted:
        raise ValidationError(_("Vous n’êtes pas inscrit·e à cet événement."))
    record("event.unregistered", event, user)
