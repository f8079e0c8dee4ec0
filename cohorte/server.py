"""The embedded server: a threaded WSGI server and a task worker in one process."""

import logging
import threading

from django.core.servers.basehttp import WSGIServer, get_internal_wsgi_application, run
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger(__name__)


def start_worker_thread(interval: float = 1.0) -> threading.Thread:
    """Run the database task worker in a daemon thread of this process."""
    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=f"embedded-{threading.get_native_id()}",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=worker.run, name="task-worker", daemon=True)
    thread.start()
    return thread


def serve(host: str, port: int) -> None:
    """Serve Cohorte on host:port until interrupted, with the task worker alongside."""
    start_worker_thread()
    run(host, port, get_internal_wsgi_application(), threading=True, server_cls=WSGIServer)
