"""Every role the menu asks about is read in one query, with the answers of the lookups."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cohorte.accounts import roles
from cohorte.accounts.menu import work_menu
from cohorte.people import teams
from tests.cohort_world import build_cohort_world
from tests.factories import PanelFactory, ProjectCallFactory

pytestmark = pytest.mark.django_db

LOOKUPS = {
    "mentored": roles.mentored_challenge_ids,
    "panels": roles.panel_ids,
    "interview panels": lambda u: roles.panel_ids(u, "applications"),
    "défi jury panels": lambda u: roles.panel_ids(u, "projects"),
    "organisations": roles.organisation_ids,
    "fellow of": teams.fellow_challenge_ids,
    "mentor of": teams.mentor_challenge_ids,
    "cohorts": teams.cohort_ids,
}


def fresh(user):
    """The account as a new request reads it: nothing cached on it yet."""
    return get_user_model().objects.get(pk=user.pk)


def world_with_panels():
    world = build_cohort_world()
    interviews = PanelFactory()
    interviews.members.add(world.users["mentor"], world.users["candidate"])
    jury = PanelFactory(call=ProjectCallFactory())
    jury.members.add(world.users["mentor"], world.users["hr"])
    return world, interviews, jury


def test_the_preloaded_roles_are_the_answers_of_each_lookup():
    world, interviews, jury = world_with_panels()
    for name, user in world.users.items():
        one_by_one = {lookup: set(read(fresh(user))) for lookup, read in LOOKUPS.items()}
        preloaded = fresh(user)
        roles.preload(preloaded)
        with CaptureQueriesContext(connection) as queries:
            at_once = {lookup: set(read(preloaded)) for lookup, read in LOOKUPS.items()}
            groups = {
                group
                for group in (roles.TEAM_GROUP, roles.DIRECTOR_GROUP, roles.LINK_GROUP,
                              roles.PREINSTRUCTOR_GROUP)
                if roles._in_group(preloaded, group)
            }  # fmt: skip
        assert at_once == one_by_one, name
        assert groups == set(user.groups.values_list("name", flat=True)), name
        assert len(queries) == 0, name
    assert any(roles.is_team(fresh(user)) for user in world.users.values())
    mentor = fresh(world.users["mentor"])
    roles.preload(mentor)
    assert roles.panel_ids(mentor) == {interviews.pk, jury.pk}
    assert roles.sits_on_a_panel_of(mentor, interviews.call)
    assert roles.sits_on_a_panel_of(mentor, jury.call)
    assert not roles.sits_on_a_panel_of(fresh(world.users["fellow"]), interviews.call)
    assert roles.organisation_ids(fresh(world.users["hr"])) != set()


def test_a_lookup_answered_earlier_in_the_request_is_kept():
    world, _interviews, _jury = world_with_panels()
    mentor = fresh(world.users["mentor"])
    mentor._cohorte_mentored = {123456}  # as an earlier check of the same request left it
    roles.preload(mentor)
    assert roles.mentored_challenge_ids(mentor) == {123456}
    assert roles.panel_ids(mentor) != set()


def test_the_first_group_check_of_a_request_reads_every_role():
    world, interviews, _jury = world_with_panels()
    candidate = fresh(world.users["candidate"])
    with CaptureQueriesContext(connection) as queries:
        assert not roles.is_team(candidate)
        assert roles.sits_on_a_panel_of(candidate, interviews.call)
        assert roles.panel_ids(candidate, "applications") == {interviews.pk}
    assert len(queries) == 1
    team = fresh(world.users["team"])
    assert roles.is_team(team) and not roles.is_link(team)
    roles.add_to_link(team)
    # The change is seen at once: the groups are read again, the other answers kept.
    with CaptureQueriesContext(connection) as queries:
        assert roles.is_link(team) and roles.is_team(team)
    assert len(queries) == 1


def test_the_menu_reads_the_roles_of_a_candidate_in_one_query():
    world, _interviews, _jury = world_with_panels()
    request = RequestFactory().get("/mon-espace/")
    request.user = fresh(world.users["candidate"])
    with CaptureQueriesContext(connection) as queries:
        labels = [str(item["label"]) for item in work_menu(request)]
    # Every role and group at once; a member of an interview panel.
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert labels == ["Mon espace", "Jurys et auditions"]
