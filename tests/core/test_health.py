"""GET /healthz reports the database and the task queue."""

from unittest import mock

import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_healthy_when_database_and_queue_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": True,
        "task_queue": {"ok": True, "ready": 0},
    }
    assert "no-cache" in response["Cache-Control"]


def test_counts_ready_tasks(client, django_capture_on_commit_callbacks):
    from cohorte.notifications.domain import queue_email

    with django_capture_on_commit_callbacks(execute=True):
        queue_email(["a@example.org"], "Objet", "Texte")
    assert client.get("/healthz").json()["task_queue"] == {"ok": True, "ready": 1}


def test_503_when_queue_table_is_unreachable(client):
    with mock.patch(
        "django_tasks_db.models.DBTaskResult.objects.filter",
        side_effect=OperationalError("no such table"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": True, "task_queue": {"ok": False}}


def test_503_when_database_is_unreachable(client):
    with mock.patch("cohorte.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": False, "task_queue": {"ok": False}}


def test_post_is_refused(client):
    assert client.post("/healthz").status_code == 405
