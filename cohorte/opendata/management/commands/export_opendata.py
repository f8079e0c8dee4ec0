"""manage.py export_opendata DIR: write the open data package (see cohorte/opendata/package.py)."""

from django.core.management.base import BaseCommand, CommandError

from cohorte.opendata import package


class Command(BaseCommand):
    help = "Exporte le paquet de données ouvertes (Frictionless) dans le dossier DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Dossier du paquet (remplacé en entier).")

    def handle(self, *args, directory, **options):
        try:
            described = package.export(directory)
        except package.ExportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Paquet de données ouvertes écrit dans {directory} "
            f"({len(described['resources'])} ressources)."
        )
