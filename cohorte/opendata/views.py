"""/donnees/: the open data package described, and its files offered for download."""

import datetime
import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from cohorte.public.caching import cache_public_page
from cohorte.public.formats import format_paris_moment

from . import package
from .resources import RESOURCES

CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".md": "text/markdown; charset=utf-8",
}


@require_safe
@cache_public_page
def package_page(request):
    """The package, its licence, its resources and their fields, and the files."""
    published = package.published()
    created = parse_datetime(published["created"]) if published else None
    sizes = {}
    if published:
        for name in package.file_names():
            try:
                sizes[name] = (package.root() / name).stat().st_size
            except OSError:
                sizes[name] = None
    resources = [
        {
            "resource": resource,
            "schema": package.table_schema(resource),
            "csv": package.csv_name(resource),
            "json": package.json_name(resource),
        }
        for resource in RESOURCES
    ]
    return render(
        request,
        "opendata/package.html",
        {
            "title": package.title(),
            "description": package.description(),
            "license": package.LICENSE,
            "published": published is not None,
            "created": format_paris_moment(created.astimezone(datetime.UTC)) if created else "",
            "resources": resources,
            "sizes": sizes,
            "descriptor": package.DESCRIPTOR,
            "readme": package.README,
        },
    )


@require_safe
def download(request, name):
    """A file of the published package; nothing else of the folder, whatever the name."""
    if name not in package.file_names():
        raise Http404("Pas un fichier du paquet.")
    path = package.root() / name
    try:
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    except OSError:
        raise Http404("Le paquet n’a pas encore été publié.") from None
    suffix = path.suffix
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0],
        as_attachment=suffix != ".json" or name != package.DESCRIPTOR,
        filename=name,
    )
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
