"""The nightly refresh of the open data package published at /donnees/."""

import datetime

from cohorte import periodic
from cohorte.public.caching import bump_content_version

from . import package


@periodic.register("opendata_export", every=datetime.timedelta(days=1))
def export_opendata(now):
    """Rewrite the package under settings.OPENDATA_ROOT; /donnees/ then shows the new date."""
    package.export(package.root(), now)
    bump_content_version()
