"""Who is who: the programme team, its director, mentors, jury members, candidates."""

from django.contrib.auth.models import Group

from cohorte.compiled_sql import bound, compiled

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
    # They are read with every other role (``preload``): the first check of a request, by
    # the staff idle sign-out, would otherwise cost a query of its own before the menu's.
    if getattr(user, "_cohorte_groups", None) is None:
        preload(user)
    return name in user._cohorte_groups


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


# The lookups of ``preload``: (attribute on the user, what it holds).
_PRELOADED = (
    "_cohorte_groups",  # _in_group: group names
    "_cohorte_mentored",  # mentored_challenge_ids
    "_cohorte_panels",  # panel_ids: {panel id: call kind}
    "_cohorte_panel_calls",  # sits_on_a_panel_of: call ids
    "_cohorte_organisations",  # organisation_ids
    "_cohorte_fellow_of",  # people.teams.fellow_challenge_ids
    "_cohorte_mentor_of",  # people.teams.mentor_challenge_ids
    "_cohorte_cohorts",  # people.teams.cohort_ids
)

# Stands for the user's id in the compiled query of ``_roles_sql``.
_ANY_USER = -7_654_321


def _roles_sql() -> tuple[str, tuple]:
    """``preload``'s query as SQL and parameters in which ``_ANY_USER`` stands for the user's
    id: compiled once per process and database (see ``cohorte.compiled_sql``), as building a
    union of four querysets costs more CPU than running it, on every page of a signed-in
    person."""
    from django.db.models import IntegerField, Value

    from cohorte.people.models import Role
    from cohorte.projects.models import OrganisationMember
    from cohorte.selection.models import Panel

    # (what, kind, id, other id): a role (its kind, défi, cohort), a panel (its call's
    # kind, itself, its call), an administration the user acts for, a group (its name).
    nothing = Value(None, output_field=IntegerField())
    rows = (
        Role.objects.filter(person__user=_ANY_USER)
        .order_by()
        .values_list(Value("role"), "kind", "challenge_id", "cohort_id")
        .union(
            Panel.objects.filter(members=_ANY_USER)
            .order_by()
            .values_list(Value("panel"), "call__kind", "pk", "call_id"),
            OrganisationMember.objects.filter(user=_ANY_USER)
            .order_by()
            .values_list(Value("organisation"), Value(""), "organisation_id", nothing),
            Group.objects.filter(user=_ANY_USER)
            .order_by()
            .values_list(Value("group"), "name", nothing, nothing),
            all=True,
        )
    )
    return rows.query.sql_with_params()


def preload(user) -> None:
    """Read every role of ``user`` the menu and the permission checks ask about, in one query.

    Each lookup caches its answer on the user object; a page that asks several (the side
    menu asks them all) would otherwise read them one query at a time.
    """
    if not getattr(user, "is_authenticated", False):
        return
    if all(hasattr(user, attribute) for attribute in _PRELOADED):
        return
    from django.db import connection

    from cohorte.people.models import Role
    from cohorte.people.teams import MENTOR_KINDS

    sql, params = compiled("roles", connection, _roles_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, bound(params, {_ANY_USER: user.pk}))
        rows = cursor.fetchall()
    found = {attribute: set() for attribute in _PRELOADED}
    panels = {}
    for what, kind, pk, other in rows:
        if what == "panel":
            panels[pk] = kind
            found["_cohorte_panel_calls"].add(other)
        elif what == "organisation":
            found["_cohorte_organisations"].add(pk)
        elif what == "group":
            found["_cohorte_groups"].add(kind)
        else:
            if kind in ("fellow", *MENTOR_KINDS) and other is not None:
                found["_cohorte_cohorts"].add(other)
            if pk is None:
                continue
            if kind == "fellow":
                found["_cohorte_fellow_of"].add(pk)
            if kind in MENTOR_KINDS:
                found["_cohorte_mentor_of"].add(pk)
            if kind == Role.Kind.OPERATIONAL_MENTOR:
                found["_cohorte_mentored"].add(pk)
    found["_cohorte_panels"] = panels
    for attribute, value in found.items():
        if getattr(user, attribute, None) is None:  # an answer read earlier stays
            setattr(user, attribute, value)


def sits_on_a_panel_of(user, call) -> bool:
    """Whether ``user`` is a member of one of the call's jury panels."""
    if not getattr(user, "is_authenticated", False):
        return False
    calls = getattr(user, "_cohorte_panel_calls", None)
    if calls is None:
        preload(user)
        calls = user._cohorte_panel_calls
    return call.pk in calls


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
