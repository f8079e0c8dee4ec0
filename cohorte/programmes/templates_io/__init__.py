"""Programme templates: a programme's reusable configuration, exported and imported as JSON.

Its parts: the programme's identity, the site's categories, the profiles its calls seek, pages
and FAQ, the general e-mail templates, co-funding rules, call templates (form, statements,
grid, settings, own e-mails, calendar) and survey templates. Event kinds are fixed by the
code and bulletins have no template: neither has anything to carry.

A template holds no person, no application, no e-mail address of a person and no date
tied to a year (calls' dates are relative to their promotion's year). Rows are found by
natural keys (slugs, keys, titles, wordings), never by database ids, so importing the same
file twice changes nothing the second time; an import creates and updates, never deletes.

A file of another major version is refused entirely. Within version 1, an unknown section,
field or e-mail is left out and named in the report while the known parts are imported.
"""

import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.audit.domain import record

from .. import identity
from . import identity_part
from .base import Report, Shape, TemplateError, rows_of
from .call_parts import Calls
from .content_parts import Categories, Faq, Pages
from .email_parts import EmailTemplates
from .funding_part import Funding
from .profile_part import Profiles
from .survey_part import Surveys

FORMAT = "cohorte-programme"
VERSION = 1
# In import order: a call's e-mails come after the general ones.
PARTS = [
    Categories(), Profiles(), Pages(), Faq(), EmailTemplates(), Funding(), Calls(), Surveys(),
]  # fmt: skip
LABELS = {
    "programme": gettext_lazy("Identité du programme"),
    "call_email_templates": gettext_lazy("E-mails propres aux appels"),
}
# EIG's own template, a new programme's starting point (tests/programmes/test_template_eig.py).
EIG_FILE = Path(__file__).resolve().parent / "eig.json"
TOP_LEVEL = {"format", "version", "exported_at", "programme", "sections"}


def export_template(programme, actor=None) -> dict:
    """The programme's configuration as a template; the export is journaled."""
    sections = {part.name: part.export(programme) for part in PARTS}
    record(
        "programme.template_exported",
        programme,
        actor=actor,
        counts={name: len(rows) for name, rows in sections.items()},
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "programme": identity_part.export(programme),
        "sections": sections,
    }


def dumps(template: dict) -> str:
    """A template as the file holds it: stable, readable, UTF-8."""
    return json.dumps(template, ensure_ascii=False, indent=2) + "\n"


def label_of(section: str) -> str:
    """A section's French name for the pages."""
    for part in PARTS:
        if part.name == section:
            return str(part.label)
    return str(LABELS.get(section, section))


def parse(content: bytes) -> tuple[dict, list[str]]:
    """Read and check a whole file: the template and the parts that will be left out.

    Raises TemplateError, naming every problem, when the file cannot be imported at all.
    """
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise TemplateError([_("Ce fichier n'est pas un fichier JSON lisible.")]) from None
    # PostgreSQL refuses a NUL character in any text column; no template holds one.
    if _holds_nul(data):
        raise TemplateError([_("Ce fichier contient un caractère nul : ce n'est pas un modèle.")])
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TemplateError([_("Ce fichier n'est pas un modèle de programme Cohorte.")])
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version != VERSION:
        raise TemplateError(
            [
                _(
                    "Version « %(version)s » du modèle non prise en charge : ce site lit la "
                    "version %(supported)s."
                )
                % {"version": version, "supported": VERSION}
            ]
        )
    shape = Shape()
    for name in sorted(set(data) - TOP_LEVEL):
        shape.unknown.append(_("Champ inconnu : « %(name)s »") % {"name": name})
    fields = set(identity_part.identity_fields())
    programme = data.get("programme", {})
    if not isinstance(programme, dict):
        shape.errors.append(_("« programme » : un objet est attendu."))
    else:
        for name in sorted(set(programme) - fields):
            shape.unknown.append(
                _("Champ inconnu dans « programme » : « %(name)s »") % {"name": name}
            )
    sections = data.get("sections", {})
    if not isinstance(sections, dict):
        raise TemplateError([_("« sections » : un objet est attendu.")])
    known = {part.name: part for part in PARTS}
    for name in sections:
        if name not in known:
            shape.unknown.append(_("Section inconnue : « %(name)s »") % {"name": name})
            continue
        part, rows = known[name], sections[name]
        rows_shape = rows_of(rows, part.fields, part.required, f"« {name} »", name, part.texts)
        shape.add(rows_shape)
        if rows_shape.errors:
            continue
        for i, row in enumerate(rows or [], start=1):
            shape.add(part.check(row, f"« {name} », n° {i}"))
    if shape.errors:
        raise TemplateError(shape.errors)
    return data, shape.unknown


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _apply(programme, data: dict, left_out: list[str]) -> Report:
    report = Report(skipped=list(left_out))
    fields = identity_part.identity_fields()
    identity = {k: v for k, v in data.get("programme", {}).items() if k in fields}
    identity_part.apply(programme, identity, report)
    sections = data.get("sections", {})
    for part in PARTS:
        if part.name in sections:
            rows = [_known(row, part.fields) for row in sections[part.name] or []]
            part.apply(programme, rows, report)
    return report


def _known(row: dict, fields) -> dict:
    return {k: v for k, v in row.items() if k in fields}


class _DryRun(Exception):
    def __init__(self, report):
        self.report = report


def preview(programme, content: bytes) -> Report:
    """What importing the file would create and update, with nothing written."""
    data, left_out = parse(content)
    try:
        with transaction.atomic():
            raise _DryRun(_apply(programme, data, left_out))
    except _DryRun as done:
        return done.report
    finally:
        _restore(programme)


def _restore(programme) -> None:
    # Nothing was written: the programme and the site's identity read the database again.
    programme.refresh_from_db()
    identity.forget()


def import_template(programme, content: bytes, actor=None) -> Report:
    """Import a whole file onto the programme, in one transaction; the import is journaled."""
    data, left_out = parse(content)
    try:
        with transaction.atomic():
            report = _apply(programme, data, left_out)
            record(
                "programme.template_imported",
                programme,
                actor=actor,
                counts=report.as_data(),
                skipped=report.skipped,
            )
    except TemplateError:
        _restore(programme)
        raise
    return report


__all__ = ["TemplateError", "dumps", "export_template", "import_template", "parse", "preview"]
