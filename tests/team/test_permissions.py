"""Every view of the team back office for every role: who gets in, who gets refused."""

import pytest
from django.urls import reverse

from cohorte.reviews.models import Conflict
from tests.team.conftest import add_file, add_version

pytestmark = pytest.mark.django_db

ALLOWED = {"team", "director"}
ROLES = [
    "anonymous",
    "candidate",
    "other_candidate",
    "team",
    "director",
    "mentor",
    "other_mentor",
    "juror",
    "other_juror",
]


def _views(world):
    """(name, method, url, data, status when allowed) of every view."""
    app = world.application
    call = world.call
    version = add_version(app, 1, {"first_name": "Alex"})
    file = add_file(app)
    return [
        ("home", "get", reverse("team:home"), None, 200),
        ("call_dashboard", "get", reverse("team:call_dashboard", args=[call.pk]), None, 200),
        ("application_list", "get", reverse("team:application_list", args=[call.pk]), None, 200),
        (
            "bulk_action",
            "post",
            reverse("team:bulk_action", args=[call.pk]),
            {"action": "eligible", "ids": [app.pk]},
            200,
        ),
        ("export", "get", reverse("team:export", args=[call.pk]), None, 200),
        ("application_detail", "get", reverse("team:application_detail", args=[app.pk]), None, 200),
        (
            "application_version",
            "get",
            reverse("team:application_version", args=[app.pk, version.number]),
            None,
            200,
        ),
        (
            "application_file",
            "get",
            reverse("team:application_file", args=[app.pk, file.pk]),
            None,
            200,
        ),
        (
            "application_note",
            "post",
            reverse("team:application_note", args=[app.pk]),
            {"body": "Profil solide."},
            302,
        ),
        (
            "application_message",
            "post",
            reverse("team:application_message", args=[app.pk]),
            {"body": "Bonjour"},
            302,
        ),
        (
            "application_screening",
            "post",
            reverse("team:application_screening", args=[app.pk]),
            {"step": "eligibility", "eligibility-value": "eligible"},
            302,
        ),
        (
            "application_shortlist",
            "post",
            reverse("team:application_shortlist", args=[app.pk]),
            {},
            302,
        ),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_view_for_every_role(world, client, role):
    user = world.roles()[role]
    if role != "anonymous":
        client.force_login(user)
    for name, method, url, data, allowed_status in _views(world):
        response = getattr(client, method)(url, data or {})
        if role == "anonymous":
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("account_login")), name
        elif role in ALLOWED:
            assert response.status_code == allowed_status, (name, response.status_code)
        else:
            assert response.status_code == 403, (name, response.status_code)


CONFLICTED_VIEWS = [
    "application_detail",
    "application_version",
    "application_file",
    "application_note",
    "application_message",
    "application_screening",
    "application_shortlist",
]


@pytest.mark.parametrize("role", ["team", "director"])
def test_a_conflicted_team_member_cannot_open_the_application_or_its_files(world, client, role):
    user = world.roles()[role]
    Conflict.objects.create(application=world.application, reviewer=user, reason="ancien collègue")
    client.force_login(user)
    views = {name: (method, url, data) for name, method, url, data, _s in _views(world)}
    before = (world.application.eligibility, world.application.status)
    for name in CONFLICTED_VIEWS:
        method, url, data = views[name]
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 403, name
    world.application.refresh_from_db()
    assert (world.application.eligibility, world.application.status) == before
    assert not world.application.notes.exists()
    assert not world.application.messages.exists()


def test_a_conflicted_application_is_hidden_from_the_list_and_refused_in_bulk(world, client):
    Conflict.objects.create(application=world.application, reviewer=world.team)
    client.force_login(world.team)
    response = client.get(reverse("team:application_list", args=[world.call.pk]))
    page = response.content.decode()
    assert reverse("team:application_detail", args=[world.application.pk]) not in page
    assert reverse("team:application_detail", args=[world.other_application.pk]) in page
    assert "1 candidature est masquée" in page
    response = client.post(
        reverse("team:bulk_action", args=[world.call.pk]),
        {"action": "eligible", "ids": [world.application.pk], "confirm": "1"},
        follow=True,
    )
    assert "aucune candidature n&#x27;a été modifiée" in response.content.decode()
    world.application.refresh_from_db()
    assert world.application.eligibility == "pending"


def test_post_views_refuse_get(world, client):
    client.force_login(world.team)
    for name in ("application_note", "application_message", "application_screening"):
        response = client.get(reverse(f"team:{name}", args=[world.application.pk]))
        assert response.status_code == 405, name
    response = client.get(reverse("team:bulk_action", args=[world.call.pk]))
    assert response.status_code == 405


def test_unknown_ids_are_404_for_the_team(world, client):
    client.force_login(world.team)
    assert client.get(reverse("team:call_dashboard", args=[999999])).status_code == 404
    assert client.get(reverse("team:application_detail", args=[999999])).status_code == 404
    url = reverse("team:application_version", args=[world.application.pk, 7])
    assert client.get(url).status_code == 404
    other_file = add_file(world.other_application)
    url = reverse("team:application_file", args=[world.application.pk, other_file.pk])
    assert client.get(url).status_code == 404


def test_a_call_for_projects_has_no_applications_dashboard(world, client):
    from tests.factories import CallFactory

    projects = CallFactory(kind="projects", cohort=world.call.cohort)
    client.force_login(world.team)
    assert client.get(reverse("team:call_dashboard", args=[projects.pk])).status_code == 404
