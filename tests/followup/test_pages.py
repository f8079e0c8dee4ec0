"""Who opens which follow-up page, for every role of the running cohort (issue #11, §3)."""

import datetime
import html

import pytest
from django.urls import reverse

from cohorte.followup.models import Action, CheckIn, Milestone
from tests.cohort_world import ROLES

pytestmark = pytest.mark.django_db

RUNS = {"team", "director", "link"}
FIRST_TEAM = {"fellow", "second_fellow", "mentor"}
WRITERS = RUNS | FIRST_TEAM
READERS = WRITERS | {"hr"}
PUBLISHERS = {"team", "director"}


def text(response) -> str:
    return html.unescape(response.content.decode())


def status(client, world, role, method, url, data=None):
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])
    return getattr(client, method)(url, data or {}).status_code


def _check_in(challenge, day=datetime.date(2027, 4, 12), weather="on_track"):
    return CheckIn.objects.create(challenge=challenge, held_on=day, weather=weather)


def _action(world, challenge):
    return Action.objects.create(
        challenge=challenge,
        title="Relancer la DSI",
        owner=world.users["team"],
        due_on=datetime.date(2027, 5, 1),
    )


def _milestone(challenge, **values):
    values = {"kind": "first_users", "title": "Premiers usagers", "due_on": "2027-06-01", **values}
    return Milestone.objects.create(challenge=challenge, **values)


def test_who_opens_which_page(client, cohort_world, on_day):
    world = cohort_world
    first = world.first.pk
    check_in, milestone = _check_in(world.first), _milestone(world.first)
    may = {
        reverse("followup:home"): RUNS,
        reverse("followup:dashboard", args=[world.cohort.pk]): RUNS,
        reverse("followup:challenge", args=[first]): READERS,
        reverse("followup:figures", args=[first]): READERS,
        reverse("followup:check_in_new", args=[first]): WRITERS,
        reverse("followup:check_in", args=[first, check_in.pk]): WRITERS,
        reverse("followup:milestone_new", args=[first]): WRITERS,
        reverse("followup:milestone", args=[first, milestone.pk]): WRITERS,
    }
    for url, allowed in may.items():
        assert status(client, world, "anonymous", "get", url) == 302, url
        for role in ROLES:
            expected = 200 if role in allowed else 403
            assert status(client, world, role, "get", url) == expected, (role, url)


def test_who_changes_what(client, cohort_world, on_day):
    world = cohort_world
    first = world.first.pk
    for role in ["anonymous", *ROLES]:  # a fresh action each time: a done one stays done
        action = _action(world, world.first)
        url = reverse("followup:action_done", args=[first, action.pk])
        expected = 302 if role in WRITERS | {"anonymous"} else 403
        assert status(client, world, role, "post", url) == expected, role
        action.refresh_from_db()
        assert (action.done_on is not None) == (role in WRITERS), role
    reading = {"label": "Utilisateurs", "value": "120", "measured_on": "2027-05-10"}
    url = reverse("followup:figures", args=[first])
    for role in ["anonymous", *ROLES]:
        expected = 302 if role in WRITERS | {"anonymous"} else 403
        assert status(client, world, role, "post", url, reading) == expected, role
    assert world.first.figure_readings.count() == len(WRITERS)
    for role in ["anonymous", *ROLES]:
        milestone = _milestone(world.first, status="done", done_on="2027-05-01")
        url = reverse("followup:milestone_publish", args=[first, milestone.pk])
        expected = 302 if role in PUBLISHERS | {"anonymous"} else 403
        assert status(client, world, role, "post", url) == expected, role
        milestone.refresh_from_db()
        assert milestone.published == (role in PUBLISHERS), role
    url = reverse("followup:figure_publish", args=[first])
    for role in ["anonymous", *ROLES]:
        expected = 302 if role in PUBLISHERS | {"anonymous"} else 403
        assert status(client, world, role, "post", url, {"indicateur": "Utilisateurs"}) == expected
    assert (
        status(client, world, "team", "get", reverse("followup:action_done", args=[first, 1]))
        == 405
    )


def test_another_defis_things_are_not_found(client, cohort_world, on_day):
    world = cohort_world
    first, second = world.first.pk, world.second
    check_in, action = _check_in(second), _action(world, second)
    milestone = _milestone(second, status="done", done_on="2027-05-01")
    client.force_login(world.users["team"])
    assert client.get(reverse("followup:check_in", args=[first, check_in.pk])).status_code == 404
    assert (
        client.post(reverse("followup:check_in", args=[first, check_in.pk]), {}).status_code == 404
    )
    assert client.post(reverse("followup:action_done", args=[first, action.pk])).status_code == 404
    assert client.get(reverse("followup:milestone", args=[first, milestone.pk])).status_code == 404
    url = reverse("followup:milestone_publish", args=[first, milestone.pk])
    assert client.post(url).status_code == 404
    assert client.get(reverse("followup:challenge", args=[999999])).status_code == 404
    assert client.get(reverse("followup:dashboard", args=[999999])).status_code == 404
    action.refresh_from_db()
    milestone.refresh_from_db()
    assert action.done_on is None and not milestone.published
    # The défi's own team, too: its fellow reaches nothing of the other défi by its ids.
    client.force_login(world.users["fellow"])
    assert client.get(reverse("followup:check_in", args=[first, check_in.pk])).status_code == 404


def test_the_hr_contact_reads_without_buttons(client, cohort_world, on_day):
    world = cohort_world
    _check_in(world.first)
    _action(world, world.first)
    client.force_login(world.users["hr"])
    page = text(client.get(reverse("followup:challenge", args=[world.first.pk])))
    assert "Relancer la DSI" in page and "12/04/2027" in page
    assert "Marquer comme faite" not in page and "Nouveau point d’étape" not in page
    page = text(client.get(reverse("followup:figures", args=[world.first.pk])))
    assert "Enregistrer la mesure" not in page


def test_my_space_and_the_menu(client, cohort_world, on_day):
    world = cohort_world
    home = reverse("accounts:home")
    link = reverse("followup:challenge", args=[world.first.pk])
    for role in ROLES:
        client.force_login(world.users[role])
        page = text(client.get(home))
        assert (link in page) == (role in FIRST_TEAM | {"hr"}), role
        assert ("Mon suivi" in page) == (
            role in FIRST_TEAM | {"hr", "other_fellow", "senior_mentor", "other_cohort_fellow"}
        ), role
        assert (f'href="{reverse("followup:home")}"' in page) == (role in RUNS), role


def test_a_host_reads_only_the_defis_it_hosts(client, cohort_world):
    client.force_login(cohort_world.users["hr"])
    own = reverse("followup:challenge", args=[cohort_world.first.pk])
    other = reverse("followup:challenge", args=[cohort_world.second.pk])
    assert (client.get(own).status_code, client.get(other).status_code) == (200, 403)
