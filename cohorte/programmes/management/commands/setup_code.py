"""Print a new one-time code for the first-run setup (/installation/)."""

from django.core.management.base import BaseCommand, CommandError

from cohorte.programmes import setup


class Command(BaseCommand):
    help = "Donne un nouveau code d'installation (le précédent ne sert plus)."

    def handle(self, *args, **options):
        setup.forget()
        if not setup.setup_needed():
            raise CommandError("Cette instance est déjà installée : l'installation est fermée.")
        self.stdout.write(f"Code d'installation : {setup.new_code()}")
