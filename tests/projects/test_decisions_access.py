"""Every page and action of /gestion/projets/, for every role of the project world."""

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.selection.models import Decision
from tests.factories import ApplicationCallFactory
from tests.projects.decisions_helpers import (
    ROLES,
    TEAM,
    expected,
    login,
    snapshot,
    stage,
    validate,
)

pytestmark = pytest.mark.django_db

PAGES = [
    ("project_decisions:home", False, TEAM),
    ("project_decisions:selection", True, TEAM),
    ("project_decisions:validation", True, {"director"}),
    ("project_decisions:preview", True, TEAM),
    ("project_decisions:outbox", True, TEAM),
    ("project_decisions:challenges", True, TEAM),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "with_call", "allowed"), PAGES)
def test_pages_by_role(client, project_world, role, name, with_call, allowed):
    login(client, project_world, role)
    url = reverse(name, args=[project_world.call.pk] if with_call else [])
    response = client.get(url)
    assert response.status_code == expected(role, allowed)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
@pytest.mark.parametrize("kind", ["arrete", "defis"])
def test_exports_by_role(client, project_world, role, kind, fmt):
    login(client, project_world, role)
    url = reverse("project_decisions:export", args=[project_world.call.pk, kind, fmt])
    response = client.get(url)
    assert response.status_code == expected(role, TEAM)
    if response.status_code == 200:
        assert response["Content-Disposition"].startswith("attachment;")


def actions(world):
    call, pk = world.call.pk, world.proposal.pk
    return {
        "stage": (
            reverse("project_decisions:selection", args=[call]),
            {"retenir": [pk], "preparer": "1"},
        ),
        "envelope": (reverse("project_decisions:envelope", args=[call]), {"retenir": [pk]}),
        "unstage": (reverse("project_decisions:unstage", args=[call, pk]), {}),
        "validate": (reverse("project_decisions:validation", args=[call]), {"all": "1"}),
        "send": (reverse("project_decisions:send", args=[call]), {}),
        "retry": (reverse("project_decisions:retry", args=[call]), {}),
        "publish": (reverse("project_decisions:publish", args=[call]), {}),
    }


OUTSIDERS = ["anonymous", "admin_user", "other_admin_user", "preinstructor", "juror",
             "other_juror"]  # fmt: skip


@pytest.mark.parametrize("role", OUTSIDERS)
@pytest.mark.parametrize(
    "action", ["stage", "envelope", "unstage", "validate", "send", "retry", "publish"]
)
def test_outsiders_change_nothing(client, project_world, role, action):
    stage(project_world, project_world.proposal)
    login(client, project_world, role)
    url, data = actions(project_world)[action]
    before = snapshot(project_world)
    response = client.post(url, data)
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert snapshot(project_world) == before


def test_a_team_member_who_is_not_director_cannot_validate(client, project_world):
    stage(project_world, project_world.proposal)
    login(client, project_world, "team")
    url, data = actions(project_world)["validate"]
    before = snapshot(project_world)
    assert client.post(url, data).status_code == 403
    assert snapshot(project_world) == before
    assert set(Decision.objects.values_list("status", flat=True)) == {"staged"}


@pytest.mark.parametrize("role", ["team", "director"])
@pytest.mark.parametrize(
    ("action", "success"),
    [("stage", 302), ("envelope", 200), ("unstage", 302), ("send", 302), ("retry", 302),
     ("publish", 302)],
)  # fmt: skip
def test_the_team_may_act(client, project_world, role, action, success):
    stage(project_world, project_world.proposal)
    login(client, project_world, role)
    url, data = actions(project_world)[action]
    assert client.post(url, data).status_code == success


def test_the_director_validates(client, project_world):
    stage(project_world, project_world.proposal)
    login(client, project_world, "director")
    url, data = actions(project_world)["validate"]
    assert client.post(url, data).status_code == 302
    assert set(Decision.objects.values_list("status", flat=True)) == {"validated"}


@pytest.mark.parametrize(
    "name",
    ["project_decisions:selection", "project_decisions:validation", "project_decisions:preview",
     "project_decisions:outbox", "project_decisions:challenges"],
)  # fmt: skip
def test_a_call_for_applications_or_an_unknown_call_is_404(client, project_world, name):
    login(client, project_world, "director")
    applications = ApplicationCallFactory(cohort=project_world.call.cohort)
    assert client.get(reverse(name, args=[applications.pk])).status_code == 404
    assert client.get(reverse(name, args=[999999])).status_code == 404


def test_cancelling_a_proposal_of_another_call_is_404(client, project_world):
    from tests.factories import ProposalFactory

    stranger = ProposalFactory()
    Decision.objects.create(proposal=stranger, outcome="not_selected")
    login(client, project_world, "team")
    before = snapshot(project_world)
    url = reverse("project_decisions:unstage", args=[project_world.call.pk, stranger.pk])
    assert client.post(url).status_code == 404
    assert snapshot(project_world) == before


def test_get_is_refused_on_actions(client, project_world):
    login(client, project_world, "team")
    for action in ("envelope", "unstage", "send", "retry", "publish"):
        url, _data = actions(project_world)[action]
        assert client.get(url).status_code == 405
    assert not ActivityLog.objects.exists()


def test_validation_then_send_leave_the_director_page_consistent(client, project_world):
    validate(project_world, project_world.proposal)
    login(client, project_world, "director")
    page = client.get(reverse("project_decisions:validation", args=[project_world.call.pk]))
    assert page.status_code == 200
    assert "déjà validée(s)" in page.content.decode()
