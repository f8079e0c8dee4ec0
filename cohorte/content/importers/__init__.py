"""Importing the programme's public sites (Jekyll 2017-2022, Hugo 2022-2026) into Cohorte.

``import_site(path)`` is the one entry point, called by ``manage.py import_site``, the
tests and the benchmark. Parsing (``jekyll``, ``hugo``) reads files into plain records
without touching the database; storing (``store*``) upserts them in one transaction.
"""

import time
from pathlib import Path

from django.db import transaction

from cohorte.audit.domain import record

from . import hugo, jekyll
from .detect import HUGO, JEKYLL, detect
from .report import ImportReport, SiteWarning
from .store import Context, Organisations, Terms, programme
from .store_challenges import store_challenges
from .store_cohorts import store_cohorts
from .store_content import store_faq, store_pages, store_posts
from .store_people import store_people

__all__ = ["ImportReport", "NotASite", "SiteWarning", "import_site", "detect"]

PARSERS = {JEKYLL: jekyll.parse, HUGO: hugo.parse}


class NotASite(ValueError):
    """The folder does not exist or holds neither of the programme's site formats."""


def import_site(path: Path, dry_run: bool = False) -> ImportReport:
    """Import the site in ``path`` in one transaction (rolled back for a dry run)."""
    started = time.perf_counter()
    site = detect(Path(path))
    if site is None:
        raise NotASite(
            f"{path}: not a site this command knows (expected Jekyll's _defis/, _communaute/, "
            "_posts/ or _data/, or Hugo's defis/, personnes/, promos/, at the root or in "
            "site/content/)"
        )
    data = PARSERS[site.format](site)
    report = ImportReport(format=site.format, path=str(path), dry_run=dry_run)
    with transaction.atomic():
        ctx = Context(data=data, programme=programme())
        save(ctx)
        report.created = ctx.tally.counts("created")
        report.updated = ctx.tally.counts("updated")
        report.unchanged = ctx.tally.counts("unchanged")
        report.warnings = list(data.warnings)
        record(
            "site.imported",
            ctx.programme,
            format=site.format,
            path=str(path),
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            warnings=len(report.warnings),
        )
        if dry_run:
            transaction.set_rollback(True)
    report.seconds = time.perf_counter() - started
    return report


def save(ctx: Context) -> None:
    """Store every record of the site, in dependency order."""
    _cohorts, cohorts_of = store_cohorts(ctx, ctx.data)
    terms = Terms(ctx)
    for kind in ("themes", "expertises", "categories"):
        for term in getattr(ctx.data, kind):
            terms.declare(kind, term.name)
    challenges = store_challenges(ctx, cohorts_of, terms, Organisations(ctx))
    store_people(ctx, cohorts_of, terms, challenges)
    store_posts(ctx, terms)
    store_pages(ctx)
    store_faq(ctx)
