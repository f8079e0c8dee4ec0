"""The Frictionless data package: datapackage.json, one CSV and one JSON per resource, a README.

:func:`export` writes everything into a temporary folder beside the target, then swaps it
into place: readers see the previous package or the new one, never half of one.
"""

import csv
import datetime
import json
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cohorte import programme_words as words
from cohorte.site_address import absolute_url
from cohorte.text import make_slug

from .resources import RESOURCES, Field, Resource


def name() -> str:
    """The package's identifier, after the programme's name: « cohorte-entrepreneurs-… »."""
    return f"cohorte-{make_slug(words.name())}"


def title() -> str:
    """The package's title, with the programme's name."""
    return f"Programme {words.name()} : défis, promotions et personnes"


def description() -> str:
    """What the package holds, with the programme's name."""
    return (
        f"Les données publiques du programme {words.name()} : ses défis et leurs "
        "résultats, ses promotions, les administrations qui y participent, les personnes qui ont "
        "accepté d’apparaître sur le site, les métadonnées de ses publications et ses chiffres "
        "clés."
    )


LICENSE = {
    "name": "etalab-2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "title": "Licence Ouverte / Open Licence version 2.0",
}
DESCRIPTOR = "datapackage.json"
README = "README.md"


class ExportError(Exception):
    """The package could not be written; nothing was changed."""


def csv_name(resource: Resource) -> str:
    return f"{resource.name}.csv"


def json_name(resource: Resource) -> str:
    return f"{resource.name}.json"


def file_names() -> set[str]:
    """Every file a package holds: only these are ever served from OPENDATA_ROOT."""
    names = {DESCRIPTOR, README}
    for resource in RESOURCES:
        names |= {csv_name(resource), json_name(resource)}
    return names


def table_field(field: Field) -> dict:
    described = {"name": field.name, "type": field.type, "description": str(field.description)}
    if field.format and not field.array:
        described["format"] = field.format
    constraints = {}
    if field.required:
        constraints["required"] = True
    if field.enum and not field.array:
        constraints["enum"] = list(field.enum)
    if constraints:
        described["constraints"] = constraints
    return described


def table_schema(resource: Resource) -> dict:
    schema = {"fields": [table_field(f) for f in resource.fields], "missingValues": [""]}
    if resource.primary_key:
        schema["primaryKey"] = list(resource.primary_key)
    if resource.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": name, "reference": {"resource": target, "fields": target_field}}
            for name, target, target_field in resource.foreign_keys
        ]
    return schema


def descriptor(created: datetime.datetime) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": name(),
        "title": title(),
        "description": description(),
        "homepage": absolute_url(reverse("opendata:package")),
        "licenses": [LICENSE],
        "created": created.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "resources": [
            {
                "name": resource.name,
                "path": csv_name(resource),
                "profile": "tabular-data-resource",
                "title": str(resource.title),
                "description": str(resource.description),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(resource),
            }
            for resource in RESOURCES
        ],
    }


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_resource(folder: Path, resource: Resource) -> int:
    rows = list(resource.rows())
    names = [f.name for f in resource.fields]
    with open(folder / csv_name(resource), "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(names)
        for row in rows:
            writer.writerow([csv_value(row[name]) for name in names])
    with open(folder / json_name(resource), "w", encoding="utf-8") as out:
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
    return len(rows)


def readme(package: dict, counts: dict[str, int]) -> str:
    lines = [
        f"# {package['title']}",
        "",
        package["description"],
        "",
        f"Exporté le {package['created']} depuis {package['homepage']}.",
        "",
        "Licence : Licence Ouverte / Open Licence version 2.0 "
        "(https://www.etalab.gouv.fr/licence-ouverte-open-licence/).",
        "",
        "Le fichier `datapackage.json` décrit chaque ressource au format Frictionless Data "
        "(Table Schema). Chaque ressource est fournie en CSV (UTF-8, séparateur virgule) et en "
        "JSON (une liste d’objets ; les listes y sont des tableaux).",
        "",
    ]
    for resource in package["resources"]:
        name = resource["name"]
        lines += [
            f"## {resource['title']} (`{name}.csv`, `{name}.json`)",
            "",
            f"{resource['description']} {counts[name]} ligne(s).",
            "",
        ]
        for field in resource["schema"]["fields"]:
            lines.append(f"- `{field['name']}` ({field['type']}) : {field['description']}")
        lines.append("")
    return "\n".join(lines)


def write(folder: Path, now: datetime.datetime | None = None) -> dict:
    """Write the whole package into ``folder`` (which exists and is empty); returns it."""
    package = descriptor(now or timezone.now())
    counts = {resource.name: _write_resource(folder, resource) for resource in RESOURCES}
    (folder / DESCRIPTOR).write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (folder / README).write_text(readme(package, counts), encoding="utf-8")
    return package


def export(target: Path, now: datetime.datetime | None = None) -> dict:
    """Write the package to ``target`` through a temporary folder beside it."""
    target = Path(target).resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    except OSError:
        raise ExportError(
            f"Le dossier « {target.parent} » n’est pas accessible en écriture : "
            "rien n’a été exporté."
        ) from None
    try:
        package = write(staging, now)
        staging.chmod(0o755)
        if target.exists():
            previous = target.with_name(f"{staging.name}-ancien")
            target.rename(previous)
            staging.rename(target)
            shutil.rmtree(previous, ignore_errors=True)
        else:
            staging.rename(target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        raise ExportError(
            f"Le dossier « {target} » n’a pas pu être remplacé : rien n’a été exporté."
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return package


def root() -> Path:
    """Where the nightly job publishes the package that /donnees/ serves."""
    if settings.OPENDATA_ROOT:
        return Path(settings.OPENDATA_ROOT)
    return Path(settings.MEDIA_ROOT) / "donnees-ouvertes"


def published() -> dict | None:
    """The descriptor of the package currently published, or None."""
    try:
        return json.loads((root() / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
