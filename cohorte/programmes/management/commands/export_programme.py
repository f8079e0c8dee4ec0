"""manage.py export_programme FILE: write the programme's reusable configuration."""

from django.core.management.base import BaseCommand, CommandError

from cohorte.programmes.setup import current_programme
from cohorte.programmes.templates_io import dumps, export_template


class Command(BaseCommand):
    help = (
        "Écrit le modèle du programme (identité, pages, FAQ, modèles d'e-mails et d'appels, "
        "cofinancement) dans un fichier JSON, sans donnée personnelle. « - » : la sortie."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier à écrire, ou « - » pour la sortie standard.")

    def handle(self, *args, file, **options):
        programme = current_programme()
        if programme is None:
            raise CommandError("Aucun programme sur cette instance : rien à exporter.")
        text = dumps(export_template(programme))
        if file == "-":
            self.stdout.write(text, ending="")
            return
        with open(file, "w", encoding="utf-8") as out:
            out.write(text)
        self.stdout.write(f"Modèle du programme « {programme} » écrit dans {file}.")
