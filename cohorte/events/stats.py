"""Attendance figures of a cohort's programme, and the mandatory sessions people missed."""

from collections import Counter, defaultdict

from django.utils import timezone

from cohorte.people.models import Role

from .audience import cohort_members, members_of
from .models import Attendance, Event, Registration


def _past(cohort, now=None):
    now = now or timezone.now()
    return (
        Event.objects.filter(cohort=cohort, cancelled_at__isnull=True, ends_at__lte=now)
        .prefetch_related("challenges", "profiles")
        .order_by("starts_at", "pk")
    )


def _audiences(events) -> dict[int, list[tuple[int, int | None, str]]]:
    # The cohort's members are read once, then sorted out per event in memory.
    if not events:
        return {}
    members = cohort_members(events[0].cohort_id)
    return {event.pk: members_of(event, members) for event in events}


def _present(events) -> set[tuple[int, int]]:
    return set(Attendance.objects.filter(event__in=events).values_list("event_id", "user_id"))


def missed_mandatory(cohort, now=None) -> dict[int, int]:
    """User id → mandatory past sessions of their audience they were not marked present at."""
    events = list(_past(cohort, now).filter(mandatory=True))
    present = _present(events)
    missed: Counter = Counter()
    for event_id, members in _audiences(events).items():
        for user_id in {user_id for user_id, _c, _k in members}:
            if (event_id, user_id) not in present:
                missed[user_id] += 1
    return dict(missed)


def missed_by_challenge(cohort, now=None) -> dict[int, int]:
    """Défi id → the most mandatory sessions missed by one of its fellows."""
    missed = missed_mandatory(cohort, now)
    worst: dict[int, int] = {}
    fellows = Role.objects.filter(
        kind=Role.Kind.FELLOW, challenge__cohort=cohort, person__user__isnull=False
    ).values_list("challenge_id", "person__user_id")
    for challenge_id, user_id in fellows:
        worst[challenge_id] = max(worst.get(challenge_id, 0), missed.get(user_id, 0))
    return worst


def overview(cohort, now=None) -> dict:
    """Per event, per person and per défi: audience, registered, present, excused."""
    events = list(_past(cohort, now))
    audiences = _audiences(events)
    present = _present(events)
    excused = set(
        Registration.objects.filter(event__in=events, state=Registration.State.EXCUSED).values_list(
            "event_id", "user_id"
        )
    )
    per_event, per_person, per_challenge = [], defaultdict(Counter), defaultdict(Counter)
    for event in events:
        members = {user_id: challenge_id for user_id, challenge_id, _k in audiences[event.pk]}
        came = sum((event.pk, user_id) in present for user_id in members)
        per_event.append({"event": event, "audience": len(members), "present": came})
        for user_id, challenge_id in members.items():
            here = (event.pk, user_id) in present
            for counter in (per_person[user_id], per_challenge[challenge_id]):
                counter["audience"] += 1
                counter["present"] += here
                counter["excused"] += (not here) and (event.pk, user_id) in excused
                counter["missed_mandatory"] += (not here) and event.mandatory
    return {"events": per_event, "people": per_person, "challenges": per_challenge}
