"""The embedded server: a threaded WSGI server and a task worker in one process."""

import logging
import threading
import time

from django.core.servers.basehttp import WSGIServer, get_internal_wsgi_application, run
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger(__name__)


class ResilientWorker(Worker):
    """The database task worker, which outlives a database restart: it waits for the database
    to answer again instead of exiting (the task it was running is recovered by its own
    means, e.g. the outbox's claims)."""

    def run(self) -> None:
        pause = self.interval or 0.5
        while self.running:
            try:
                super().run()
                return
            except (OperationalError, InterfaceError) as error:
                logger.warning(
                    "task worker: database unreachable (%s), waiting", type(error).__name__
                )
                self.running_task = False
                for connection in connections.all(initialized_only=True):
                    connection.close()
                time.sleep(pause)
                pause = min(pause * 2, 10)


def start_worker_thread(interval: float = 1.0) -> threading.Thread:
    """Run the database task worker in a daemon thread of this process."""
    worker = ResilientWorker(
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


def _run_periodic_jobs(stop: threading.Event, interval: float) -> None:
    from cohorte import periodic

    while not stop.is_set():
        try:
            periodic.run_due()
        except Exception:  # the next round retries; the server must keep serving
            logger.exception("periodic jobs failed")
        finally:
            close_old_connections()
        stop.wait(interval)


def start_periodic_thread(interval: float = 60.0, stop: threading.Event | None = None):
    """Run the due periodic jobs (see cohorte/periodic.py) every ``interval`` seconds."""
    stop = stop or threading.Event()
    thread = threading.Thread(
        target=_run_periodic_jobs, args=(stop, interval), name="periodic-jobs", daemon=True
    )
    thread.start()
    return thread


def serve(host: str, port: int) -> None:
    """Serve Cohorte on host:port until interrupted, with the task worker and periodic jobs."""
    start_worker_thread()
    start_periodic_thread()
    run(host, port, get_internal_wsgi_application(), threading=True, server_cls=WSGIServer)
