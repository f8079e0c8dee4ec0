"""The back office: who may use it, and every change it makes is in the activity log."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from cohorte.audit.domain import history
from cohorte.audit.models import ActivityLog
from cohorte.challenges.models import Challenge
from tests.factories import ChallengeFactory, CohortFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

COHORTE_MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model.__module__.startswith("cohorte.")
)


@pytest.fixture
def superuser():
    return User.objects.create_superuser("root", "root@example.org", "pw")


@pytest.mark.parametrize(("app", "model"), COHORTE_MODELS)
def test_changelist_by_role(client, superuser, app, model):
    url = reverse(f"admin:{app}_{model}_changelist")
    assert client.get(url).status_code == 302  # anonymous: to the login page

    User.objects.create_user("public", password="pw")
    client.login(username="public", password="pw")
    assert client.get(url).status_code == 302  # not staff: to the login page

    User.objects.create_user("staff", password="pw", is_staff=True)
    client.login(username="staff", password="pw")
    assert client.get(url).status_code == 403  # staff without the permission

    client.force_login(superuser)
    assert client.get(url).status_code == 200


def test_staff_with_view_permission_reads_but_cannot_change(client):
    challenge = ChallengeFactory()
    staff = User.objects.create_user("staff", password="pw", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_challenge"))
    client.force_login(staff)
    change_url = reverse("admin:challenges_challenge_change", args=[challenge.pk])
    assert client.get(reverse("admin:challenges_challenge_changelist")).status_code == 200
    response = client.post(change_url, {"title": "Changed"})
    assert response.status_code == 403
    challenge.refresh_from_db()
    assert challenge.title != "Changed"
    assert ActivityLog.objects.count() == 0


def test_creating_and_changing_a_challenge_is_logged(client, superuser):
    cohort = CohortFactory()
    host = OrganisationFactory()
    client.force_login(superuser)
    data = {
        "cohort": cohort.pk,
        "title": "Défi test",
        "slug": "defi-test",
        "host_organisation": host.pk,
        "seats": 2,
        "status": "published",
        "key_figures-TOTAL_FORMS": 0,
        "key_figures-INITIAL_FORMS": 0,
        "achievements-TOTAL_FORMS": 0,
        "achievements-INITIAL_FORMS": 0,
        "links-TOTAL_FORMS": 0,
        "links-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:challenges_challenge_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    challenge = Challenge.objects.get(slug="defi-test")

    data["status"] = "running"
    client.post(reverse("admin:challenges_challenge_change", args=[challenge.pk]), data)

    entries = list(history(challenge).order_by("id"))
    assert [(e.action, e.actor, e.data) for e in entries] == [
        (
            "challenge.created",
            superuser,
            {"fields": ["cohort", "host_organisation", "seats", "slug", "status", "title"]},
        ),
        ("challenge.changed", superuser, {"fields": ["status"]}),
    ]


def test_deleting_is_logged(client, superuser):
    challenge = ChallengeFactory(title="À supprimer")
    client.force_login(superuser)
    url = reverse("admin:challenges_challenge_delete", args=[challenge.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    entry = ActivityLog.objects.get()
    assert (entry.action, entry.object_id, entry.data) == (
        "challenge.deleted",
        str(challenge.pk),
        {"label": "À supprimer"},
    )


def test_activity_log_is_read_only(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:audit_activitylog_add")).status_code == 403
