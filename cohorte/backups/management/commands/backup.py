from django.core.management.base import BaseCommand, CommandError

from cohorte.backups import archive
from cohorte.backups.database import DatabaseError


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers déposés dans DIR, avec un manifeste."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="dossier à créer (absent ou vide)")

    def handle(self, directory, **options):
        try:
            summary = archive.backup(directory)
        except (archive.BackupError, DatabaseError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Sauvegarde écrite dans {directory} : {summary.rows} lignes dans {summary.tables} "
            f"tables, {summary.files} fichiers ({summary.bytes} octets)."
        )
