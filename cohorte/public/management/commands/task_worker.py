"""manage.py task_worker: the database task worker of production, which outlives a database
restart (django_tasks_db's ``db_worker`` exits on the first connection error)."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from cohorte.server import ResilientWorker


class Command(DbWorkerCommand):
    help = "Exécute les tâches en arrière-plan et attend la base de données quand elle redémarre."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               max_tasks, worker_id, exclude_queues, **options):  # fmt: skip
        self.configure_logging(verbosity)
        excluded = exclude_queues.split(",") if exclude_queues else []
        worker = ResilientWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
