from django.core.management.base import BaseCommand, CommandError

from cohorte.backups import archive
from cohorte.backups.database import DatabaseError


class Command(BaseCommand):
    help = "Restaure une sauvegarde de Cohorte sur une base et un stockage neufs."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="dossier écrit par manage.py backup")

    def handle(self, directory, **options):
        try:
            summary = archive.restore(directory)
        except (archive.BackupError, DatabaseError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Sauvegarde restaurée : {summary.rows} lignes dans {summary.tables} tables, "
            f"{summary.files} fichiers ; chaque table a le nombre de lignes du manifeste."
        )
