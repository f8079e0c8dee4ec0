"""Who an event is for: the cohort's fellows and/or mentors, maybe only some défis or profiles."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from cohorte.people.models import Role
from cohorte.people.teams import MENTOR_KINDS

from .models import Event

FELLOW = Role.Kind.FELLOW
FOR_FELLOWS = (Event.Audience.FELLOWS, Event.Audience.BOTH)
FOR_MENTORS = (Event.Audience.MENTORS, Event.Audience.BOTH)


def _in_cohort(cohort_id) -> Q:
    return Q(cohort_id=cohort_id) | Q(cohort__isnull=True, challenge__cohort_id=cohort_id)


def audience_roles(event):
    """The roles (with an active account) the event is for."""
    kinds = []
    if event.audience in FOR_FELLOWS:
        kinds.append(FELLOW)
    if event.audience in FOR_MENTORS:
        kinds.extend(MENTOR_KINDS)
    roles = Role.objects.filter(
        _in_cohort(event.cohort_id), kind__in=kinds, person__user__is_active=True
    )
    challenge_ids = [c.pk for c in event.challenges.all()]
    if challenge_ids:
        roles = roles.filter(challenge_id__in=challenge_ids)
    profile_ids = [p.pk for p in event.profiles.all()]
    if profile_ids:
        # Profiles are those fellows were recruited under: mentors are not filtered by them.
        roles = roles.filter(~Q(kind=FELLOW) | Q(profile_id__in=profile_ids))
    return roles


def cohort_members(cohort_id) -> list[tuple[int, int | None, str, int | None]]:
    """Every fellow and mentor of the cohort with an active account: (user id, défi id, kind,
    profile id), for :func:`members_of` to sort out without a query per event."""
    return list(
        Role.objects.filter(
            _in_cohort(cohort_id),
            kind__in=[FELLOW, *MENTOR_KINDS],
            person__user__is_active=True,
        ).values_list("person__user_id", "challenge_id", "kind", "profile_id")
    )


def members_of(event, members) -> list[tuple[int, int | None, str]]:
    """The (user id, défi id, kind) of ``members`` in the event's audience (its challenges and
    profiles prefetched), as :func:`audience_roles` selects them."""
    challenge_ids = {c.pk for c in event.challenges.all()}
    profile_ids = {p.pk for p in event.profiles.all()}
    chosen = []
    for user_id, challenge_id, kind, profile_id in members:
        fellow = kind == FELLOW
        if event.audience not in (FOR_FELLOWS if fellow else FOR_MENTORS):
            continue
        if challenge_ids and challenge_id not in challenge_ids:
            continue
        if fellow and profile_ids and profile_id not in profile_ids:
            continue
        chosen.append((user_id, challenge_id, kind))
    return chosen


def audience_users(event):
    """The accounts of the event's audience, by name."""
    ids = audience_roles(event).values("person__user")
    return (
        get_user_model()
        .objects.filter(pk__in=ids)
        .select_related("person")
        .order_by("person__full_name", "pk")
    )


def _role_condition(role) -> Q:
    cohort_id = role.cohort_id or (role.challenge.cohort_id if role.challenge_id else None)
    fellow = role.kind == FELLOW
    through_challenges = Event.challenges.through.objects.filter(event_id=OuterRef("pk"))
    through_profiles = Event.profiles.through.objects.filter(event_id=OuterRef("pk"))
    condition = Q(cohort_id=cohort_id, audience__in=FOR_FELLOWS if fellow else FOR_MENTORS) & (
        ~Exists(through_challenges)
        | Exists(through_challenges.filter(challenge_id=role.challenge_id))
    )
    if fellow:
        condition &= ~Exists(through_profiles) | Exists(
            through_profiles.filter(expertise_id=role.profile_id)
        )
    return condition


def events_for(user):
    """Every event (cancelled ones too) whose audience includes ``user``."""
    if not getattr(user, "is_authenticated", False):
        return Event.objects.none()
    roles = Role.objects.filter(
        Q(kind=FELLOW) | Q(kind__in=MENTOR_KINDS), person__user=user
    ).select_related("challenge")
    condition = Q(pk__in=[])
    for role in roles:
        if role.cohort_id or role.challenge_id:
            condition |= _role_condition(role)
    return Event.objects.filter(condition)


def in_audience(user, event) -> bool:
    """Whether ``event`` is for ``user``."""
    return events_for(user).filter(pk=event.pk).exists()
