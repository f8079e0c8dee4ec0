"""manage.py import_site PATH [--dry-run] [--report json]: import the programme's public site."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cohorte.content.importers import NotASite, import_site


class Command(BaseCommand):
    help = (
        "Importe le site public du programme (Jekyll 2017-2022 ou Hugo 2022-2026) : "
        "promotions, défis, personnes, articles, pages, FAQ. Idempotent. / "
        "Imports the programme's public site (Jekyll or Hugo). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="dossier du site / site folder")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="tout lire et compter sans rien enregistrer / read and count, save nothing",
        )
        parser.add_argument(
            "--report",
            choices=["json"],
            help="json : un seul objet JSON sur la sortie standard / one JSON object on stdout",
        )

    def handle(self, *args, path, dry_run, report, **options):
        try:
            result = import_site(path, dry_run=dry_run)
        except NotASite as error:
            raise CommandError(str(error), returncode=2) from error
        if report == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(result.summary())
