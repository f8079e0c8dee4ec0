"""manage.py import_programme FILE: give this instance's programme a template's configuration."""

from django.core.management.base import BaseCommand, CommandError

from cohorte.programmes.setup import current_programme
from cohorte.programmes.templates_io import TemplateError, import_template, label_of, preview


class Command(BaseCommand):
    help = (
        "Importe un modèle de programme (fichier JSON de export_programme) sur le programme "
        "de cette instance : crée et met à jour, ne supprime rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier JSON à importer.")
        parser.add_argument(
            "--apercu", action="store_true", help="Dit ce que l'import ferait, sans rien écrire."
        )

    def handle(self, *args, file, apercu=False, **options):
        programme = current_programme()
        if programme is None:
            raise CommandError(
                "Aucun programme sur cette instance : terminez d'abord l'installation "
                "(/installation/)."
            )
        try:
            with open(file, "rb") as source:
                content = source.read()
        except OSError as error:
            raise CommandError(f"Fichier illisible : {error.strerror}.") from error
        try:
            report = preview(programme, content) if apercu else import_template(programme, content)
        except TemplateError as error:
            raise CommandError("\n".join(error.problems)) from error
        for section, counts in report.counts.items():
            self.stdout.write(
                f"{label_of(section)} : {counts.created} créé(s), {counts.updated} mis à jour, "
                f"{counts.unchanged} inchangé(s)."
            )
        for problem in report.skipped:
            self.stdout.write(f"Non importé — {problem}")
        self.stdout.write("Aperçu : rien n'a été écrit." if apercu else "Import terminé.")
