"""Who is who: the programme team, its director, mentors, jury members, candidates."""

from django.contrib.auth.models import Group

TEAM_GROUP = "Équipe du programme"
DIRECTOR_GROUP = "Direction du programme"
# Alumni and partners who pre-instruct the proposals of the call for projects.
PREINSTRUCTOR_GROUP = "Pré-instruction des projets"
# "EIG Link": fellows of earlier cohorts who run the support programme and the follow-up
# of the running cohorts beside the team, with none of its rights on selection.
LINK_GROUP = "EIG Link"


def _in_group(user, name: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    # Group names are cached on the user object: permission checks run many times a page.
    cache = getattr(user, "_cohorte_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._cohorte_groups = cache
    return name in cache


def is_director(user) -> bool:
    """The programme director validates decisions."""
    return _in_group(user, DIRECTOR_GROUP)


def is_team(user) -> bool:
    """Programme team members (the director is one) run the calls."""
    return is_director(user) or _in_group(user, TEAM_GROUP)


def is_link(user) -> bool:
    """EIG Link support fellows help run the cohort's life (events, follow-up, bulletins)."""
    return _in_group(user, LINK_GROUP)


def supports_cohort(user) -> bool:
    """Who runs the life of the cohort: the team, its director and the EIG Link fellows."""
    return is_team(user) or is_link(user)


def add_to_link(user) -> None:
    """Make a user an EIG Link support fellow."""
    group, _ = Group.objects.get_or_create(name=LINK_GROUP)
    user.groups.add(group)
    user.__dict__.pop("_cohorte_groups", None)


def remove_from_link(user) -> None:
    """Take a user out of the EIG Link support fellows."""
    group = Group.objects.filter(name=LINK_GROUP).first()
    if group is not None:
        user.groups.remove(group)
    user.__dict__.pop("_cohorte_groups", None)


def is_preinstructor(user) -> bool:
    """Pre-instructors (alumni, partners) review the proposals of the calls for projects."""
    return _in_group(user, PREINSTRUCTOR_GROUP)


def organisation_ids(user) -> set[int]:
    """Administrations this user acts for (edits their proposals)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_cohorte_organisations", None)
    if cache is None:
        cache = set(user.organisation_memberships.values_list("organisation_id", flat=True))
        user._cohorte_organisations = cache
    return cache


def add_to_preinstruction(user) -> None:
    """Let a user pre-instruct proposals."""
    group, _ = Group.objects.get_or_create(name=PREINSTRUCTOR_GROUP)
    user.groups.add(group)
    user.__dict__.pop("_cohorte_groups", None)


def mentored_challenge_ids(user) -> set[int]:
    """Défis of which this user is an operational mentor."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_cohorte_mentored", None)
    if cache is None:
        from cohorte.people.models import Role

        cache = set(
            Role.objects.filter(
                person__user=user, kind=Role.Kind.OPERATIONAL_MENTOR, challenge__isnull=False
            ).values_list("challenge_id", flat=True)
        )
        user._cohorte_mentored = cache
    return cache


def panel_ids(user, kind: str | None = None) -> set[int]:
    """Jury panels this user sits on: all, or those of one kind of call ("applications"
    for interviews, "projects" for the défi jury)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_cohorte_panels", None)
    if cache is None:
        cache = dict(user.panels.values_list("id", "call__kind"))
        user._cohorte_panels = cache
    return {pk for pk, call_kind in cache.items() if kind is None or call_kind == kind}


def add_to_team(user, director: bool = False) -> None:
    """Make a user a member of the programme team (or its director)."""
    group, _ = Group.objects.get_or_create(name=DIRECTOR_GROUP if director else TEAM_GROUP)
    user.groups.add(group)
    if not user.is_staff:
        # The team configures calls in /gestion/configuration/; it still reads the outbox and
        # the activity log in the admin, which only staff may open.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    for attribute in ("_cohorte_groups",):
        user.__dict__.pop(attribute, None)


def team_addresses() -> list[str]:
    """Where the team is told about things: the configured address, else every member's."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    configured = getattr(settings, "COHORTE_TEAM_EMAIL", "")
    if configured:
        return [configured]
    users = get_user_model().objects.filter(
        is_active=True, groups__name__in=[TEAM_GROUP, DIRECTOR_GROUP]
    )
    return sorted({u.email for u in users if u.email})
