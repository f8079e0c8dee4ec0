"""Grouping people by the role they hold, in the order the programme presents them."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from cohorte import programme_words as words
from cohorte.people.models import Role

# Plural headings of groups of people, inclusive: the Role.Kind labels are singular.
HEADINGS = {
    Role.Kind.FELLOW: words.FELLOWS_HEADING,
    Role.Kind.OPERATIONAL_MENTOR: _("Mentor·es opérationnel·les"),
    Role.Kind.SENIOR_MENTOR: _("Mentor·es de haut niveau"),
    Role.Kind.COACH: _("Coachs"),
    Role.Kind.TEAM: _("Équipe du programme"),
    Role.Kind.JURY: _("Jury"),
    Role.Kind.ALUMNI: _("Alumni"),
}
ORDER = list(HEADINGS)


@dataclass
class Member:
    person: object
    challenges: list = field(default_factory=list)


@dataclass
class RoleGroup:
    kind: str
    heading: str
    members: list[Member]


def group_roles(roles) -> list[RoleGroup]:
    """Roles grouped by kind (fellows first), one member per person with their public défis."""
    groups: dict[str, dict[int, Member]] = {}
    for role in roles:
        members = groups.setdefault(role.kind, {})
        member = members.setdefault(role.person_id, Member(role.person))
        challenge = role.challenge if role.challenge_id else None
        is_public = challenge is not None and challenge.status != challenge.Status.DRAFT
        if is_public and challenge not in member.challenges:
            member.challenges.append(challenge)
    return [
        RoleGroup(kind, HEADINGS.get(kind, kind), list(groups[kind].values()))
        for kind in sorted(groups, key=lambda kind: ORDER.index(kind) if kind in ORDER else 99)
    ]
