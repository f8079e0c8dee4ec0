"""Changing a fellow's path and consents: each change checked, audited, and told to the fellow
when the team made it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.notifications import emails
from cohorte.people.models import Role
from cohorte.public.formats import format_date
from cohorte.site_address import absolute_url

from .models import AlumniProfile, CareerStep

STEP_FIELDS = ("situation", "organisation", "job_title", "since")
CONSENT_FIELDS = ("in_directory", "path_public", "contact")


def first_start(person):
    """The start of the person's first cohort as a fellow, or None when no date is known."""
    return Role.objects.filter(person=person, kind=Role.Kind.FELLOW).aggregate(
        start=Min("cohort__start_date")
    )["start"]


def check_since(person, since, today) -> None:
    """A step starts neither in the future nor before the fellow's cohort started."""
    if since > today:
        raise ValidationError(_("La date ne peut pas être dans le futur."), code="future")
    start = first_start(person)
    if start is not None and since < start:
        raise ValidationError(
            _("La date ne peut pas précéder le début de la promotion, le %(date)s.")
            % {"date": format_date(start)},
            code="before_cohort",
        )


def address_of(person) -> str:
    """Where the fellow is written to: their account's address, else their contact address."""
    user = person.user
    return (user.email if user is not None and user.is_active else "") or person.email


@transaction.atomic
def add_step(person, values: dict, actor, today) -> CareerStep:
    """Record a new step of the person's path; the fellow is told when someone else did."""
    check_since(person, values["since"], today)
    step = CareerStep.objects.create(
        person=person, recorded_by=actor, **{name: values[name] for name in STEP_FIELDS}
    )
    by_fellow = person.user_id is not None and person.user_id == actor.pk
    record(
        "alumni.step_added",
        step,
        actor,
        person=person.pk,
        situation=step.situation,
        since=step.since.isoformat(),
        by="fellow" if by_fellow else "team",
    )
    address = address_of(person)
    if not by_fellow and address:
        emails.send(
            "alumni_path_updated",
            [address],
            {
                "fellow_name": person.full_name,
                "situation": step.get_situation_display(),
                "since": format_date(step.since),
                "path_url": absolute_url(reverse("alumni:mine")),
                "site_url": absolute_url("/"),
            },
        )
    return step


def profile_of(person) -> AlumniProfile:
    """The person's consents as saved, or the defaults (nothing shared) not saved yet."""
    try:
        return person.alumni_profile
    except AlumniProfile.DoesNotExist:
        return AlumniProfile(person=person)


@transaction.atomic
def set_consents(person, values: dict, actor) -> dict:
    """Save the fellow's own choices; returns what changed (audited without the contact text)."""
    profile = profile_of(person)
    changed = {}
    for name in CONSENT_FIELDS:
        old, new = getattr(profile, name), values[name]
        if old != new:
            changed[name] = [old, new] if name != "contact" else "modifié"
            setattr(profile, name, new)
    if changed:
        profile.save()
        record("alumni.consent_changed", profile, actor, person=person.pk, changes=changed)
    return changed
