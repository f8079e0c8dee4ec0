"""manage.py serve: Cohorte on its embedded defaults, web and task worker in one process."""

import os

from django.core.management.base import BaseCommand

from cohorte.server import serve


class Command(BaseCommand):
    help = "Sert Cohorte (serveur web multi-thread) avec un exécuteur de tâches intégré."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args, host, port, **options):
        self.stdout.write(f"Cohorte : http://{host}:{port}/ (Ctrl+C pour arrêter)")
        serve(host, port)
