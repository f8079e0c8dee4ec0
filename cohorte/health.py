"""The health check: is the database reachable, is the task queue reachable."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _queue_state() -> dict:
    # The queue lives in the database: reachable means its table answers.
    from django_tasks_db.models import DBTaskResult

    try:
        ready = DBTaskResult.objects.filter(status="READY").count()
    except Exception:
        return {"ok": False}
    return {"ok": True, "ready": ready}


@never_cache
@require_GET
def healthz(request):
    """200 with the state of the database and the task queue, 503 when one is down."""
    database = _database_ok()
    queue = _queue_state() if database else {"ok": False}
    healthy = database and queue["ok"]
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "task_queue": queue},
        status=200 if healthy else 503,
    )
