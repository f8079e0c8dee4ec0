"""Who belongs to a défi's team, and who runs the cohort's life."""

import pytest

from cohorte.accounts.roles import is_link, is_team, supports_cohort
from cohorte.people import teams
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db


def test_fellows_and_mentors_belong_to_their_own_defi_only():
    world = build_cohort_world()
    first, second = world.first.pk, world.second.pk
    users = world.users
    assert teams.fellow_challenge_ids(users["fellow"]) == {first}
    assert teams.mentor_challenge_ids(users["fellow"]) == set()
    assert teams.mentor_challenge_ids(users["mentor"]) == {first}
    assert teams.mentor_challenge_ids(users["senior_mentor"]) == {second}
    assert teams.member_challenge_ids(users["other_fellow"]) == {second}
    assert teams.member_challenge_ids(users["team"]) == set()
    assert teams.cohort_ids(users["mentor"]) == {world.cohort.pk}
    assert teams.cohort_ids(users["other_cohort_fellow"]) == {world.other_cohort.pk}
    assert teams.hosted_challenge_ids(users["hr"]) == {first}
    assert teams.hosted_challenge_ids(users["fellow"]) == set()


def test_a_defi_team_is_its_fellows_and_mentors_with_an_account():
    world = build_cohort_world()
    names = {u.username for u in teams.team_users(world.first)}
    assert names == {"camille", "alex", "morgane"}
    assert {u.username for u in teams.team_users(world.first, kinds=("fellow",))} == {
        "camille",
        "alex",
    }


def test_eig_link_runs_the_cohort_but_is_not_the_team():
    users = build_cohort_world().users
    assert is_link(users["link"]) and not is_team(users["link"])
    assert [
        name for name in ("team", "director", "link", "fellow") if supports_cohort(users[name])
    ] == [
        "team",
        "director",
        "link",
    ]


def test_anonymous_visitors_belong_to_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert teams.member_challenge_ids(AnonymousUser()) == set()
    assert not supports_cohort(AnonymousUser())
