"""A défi's state after the programme at a given date, read from its sustainment history."""

from django.db.models import OuterRef, Subquery

from .models import Sustainment


def latest(challenge_ref="pk", on=None, field="state"):
    """Subquery: ``field`` of the défi's latest sustainment entry (on or before ``on`` if given)."""
    entries = Sustainment.objects.filter(challenge=OuterRef(challenge_ref))
    if on is not None:
        entries = entries.filter(since__lte=on)
    return Subquery(entries.order_by("-since", "-id").values(field)[:1])


def with_state(challenges, on=None):
    """The défis annotated with ``after_state``: their state at ``on`` (today's if None)."""
    return challenges.annotate(after_state=latest(on=on))


def current(challenge):
    """The défi's current sustainment entry, or None when nothing was recorded."""
    return challenge.sustainments.order_by("-since", "-id").first()
