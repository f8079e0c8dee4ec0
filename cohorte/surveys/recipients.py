"""Who a survey is sent to: the fellows, the mentors or the host administrations of its cohort."""

from dataclasses import dataclass

from django.db.models import Q

from cohorte.people.models import Person, Role
from cohorte.people.teams import MENTOR_KINDS

from .models import Survey


@dataclass(frozen=True)
class Recipient:
    person: Person | None
    email: str


def _people(cohort, kinds) -> list[Recipient]:
    roles = (
        Role.objects.filter(Q(cohort=cohort) | Q(challenge__cohort=cohort), kind__in=kinds)
        .select_related("person__user")
        .order_by("person__full_name", "person_id")
    )
    found = []
    for role in roles:
        person = role.person
        user = person.user
        if user is not None and not user.is_active:
            continue
        email = person.email or (user.email if user is not None else "")
        if email:
            found.append(Recipient(person, email))
    return found


def _administrations(cohort) -> list[Recipient]:
    from cohorte.projects.models import OrganisationMember

    members = (
        OrganisationMember.objects.filter(
            organisation__hosted_challenges__cohort=cohort, user__is_active=True
        )
        .select_related("user__person")
        .order_by("user__email", "pk")
    )
    found = []
    for member in members:
        if member.user.email:
            found.append(Recipient(getattr(member.user, "person", None), member.user.email))
    return found


def recipients(survey) -> list[Recipient]:
    """Each address once (first person bearing it), in a stable order."""
    if survey.audience == Survey.Audience.FELLOWS:
        found = _people(survey.cohort, ["fellow"])
    elif survey.audience == Survey.Audience.MENTORS:
        found = _people(survey.cohort, list(MENTOR_KINDS))
    else:
        found = _administrations(survey.cohort)
    seen, unique = set(), []
    for recipient in found:
        key = recipient.email.lower()
        if key not in seen:
            seen.add(key)
            unique.append(recipient)
    return unique
