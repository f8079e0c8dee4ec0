"""Where fellows stand after the programme, and which of them agreed to show it."""

from django.db.models import OuterRef, Q, Subquery

from .models import PUBLIC_SERVICE, CareerStep


def latest(person_ref="pk", on=None, field="situation"):
    """Subquery: ``field`` of the person's latest career step (on or before ``on`` if given)."""
    steps = CareerStep.objects.filter(person=OuterRef(person_ref))
    if on is not None:
        steps = steps.filter(since__lte=on)
    return Subquery(steps.order_by("-since", "-id").values(field)[:1])


def in_public_service(situation) -> bool:
    """True for the situations the impact figures count as still in public service."""
    return situation in PUBLIC_SERVICE


def public_path_filter(prefix=""):
    """Q for the people whose path may be shown publicly: public person and explicit consent."""
    return Q(**{f"{prefix}is_public": True, f"{prefix}alumni_profile__path_public": True})


def current(person):
    """The person's current career step, or None."""
    return person.career_steps.order_by("-since", "-id").first()
