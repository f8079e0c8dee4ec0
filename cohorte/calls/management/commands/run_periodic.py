"""manage.py run_periodic: run the periodic jobs that are due (from cron, every few minutes)."""

from django.core.management.base import BaseCommand, CommandError

from cohorte import periodic


class Command(BaseCommand):
    help = "Exécute une fois les tâches périodiques dues (relances, conservation des données…)."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Liste les tâches et s'arrête.")
        parser.add_argument(
            "--force", action="store_true", help="Exécute toutes les tâches, même non dues."
        )

    def handle(self, *args, list=False, force=False, **options):
        if list:
            for job in periodic.jobs():
                self.stdout.write(f"{job.name} (toutes les {job.every})")
            return
        results = periodic.run_due(force=force)
        for name, outcome in results.items():
            self.stdout.write(f"{name} : {outcome}")
        if not results:
            self.stdout.write("Aucune tâche due.")
        if "error" in results.values():
            raise CommandError("Au moins une tâche a échoué (voir le journal).")
