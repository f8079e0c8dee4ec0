"""The public page of a défi born from a proposal: built from the public parts only, then
edited by the team before it is published.

The draft takes the proposal's name, its summary as tagline and, as the Markdown body, one
heading per public part (``PARTS``): the context (section "problem"), the défi itself
(section "solution"), the fellows' missions and the data (names and accessibility of the
datasets). The internal sections (obstacles, legal stakes, why the programme...) never
reach it. The team edits each part in its own field; the body is written back with the
same headings, so that it reads them again (``split_body``). An image may be uploaded
(PNG, JPEG or WebP). Each edit is recorded in the journal with the parts it changed.
"""

import secrets
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte import programme_words as words
from cohorte.audit.domain import record
from cohorte.challenges.models import Challenge, Expertise
from cohorte.media import forget_cached_lookups

from .form import DATASET_ACCESS

MAX_PART_LENGTH = 6000
MAX_IMAGE_BYTES = 2 * 1024 * 1024
IMAGE_SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "webp": (b"RIFF",),
}


@dataclass(frozen=True)
class Part:
    """A part of the body: its key, its heading on the public page, its field's help."""

    key: str
    heading: str
    help: str


PARTS = (
    Part(
        "context",
        gettext_lazy("Le contexte"),
        gettext_lazy("D'après « Contexte et problématique à résoudre » de la proposition."),
    ),
    Part(
        "defi",
        gettext_lazy("Le défi"),
        gettext_lazy("D'après « Solution envisagée » de la proposition."),
    ),
    Part(
        "missions",
        words.worded(gettext_lazy("Les missions des {fellows}"), fellows=words.FELLOWS),
        words.worded(
            gettext_lazy("Une ligne « - » par {fellow} : son profil et sa mission."),
            fellow=words.FELLOW,
        ),
    ),
    Part(
        "data",
        gettext_lazy("Les données"),
        words.worded(
            gettext_lazy("Les jeux de données que les {fellows} exploiteront."),
            fellows=words.FELLOWS,
        ),
    ),
)
PART_KEYS = tuple(p.key for p in PARTS)
# The draft's part of each public section of the proposal (``form.Section.public``).
SECTION_PARTS = {"problem": "context", "solution": "defi"}


class PublicPageError(Exception):
    """Bad input: ``errors`` maps each field's name to its French messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


def _clean(text) -> str:
    return str(text or "").replace("\r\n", "\n").strip()


def draft_parts(data: dict) -> dict[str, str]:
    """The public parts of a proposal's data, as Markdown (empty when not filled)."""
    sections = data.get("sections") or {}
    parts = dict.fromkeys(PART_KEYS, "")
    for section_key, part in SECTION_PARTS.items():
        parts[part] = _clean(sections.get(section_key))
    profiles = {e.slug: e.name for e in Expertise.objects.all()}
    fellow = words.fellow()
    parts["missions"] = "\n".join(
        f"- **{profiles.get(f.get('profile'), f.get('profile') or fellow)}** : "
        + " ".join(str(f.get("mission") or "").split())
        for f in data.get("fellows") or []
        if isinstance(f, dict) and str(f.get("mission") or "").strip()
    )
    access = {key: str(label) for key, label in DATASET_ACCESS}
    parts["data"] = "\n".join(
        f"- {' '.join(str(row.get('name')).split())}"
        + (f" ({access[row.get('accessible')]})" if row.get("accessible") in access else "")
        for row in data.get("datasets") or []
        if isinstance(row, dict) and str(row.get("name") or "").strip()
    )
    return parts


def draft_tagline(data: dict) -> str:
    """The proposal's summary on one line, as the défi's tagline."""
    summary = str((data.get("sections") or {}).get("summary") or "")
    return Truncator(" ".join(summary.split())).chars(500)


def compose_body(parts: dict[str, str]) -> str:
    """The Markdown body: each filled part under its heading, in the order of ``PARTS``."""
    chunks = [
        f"## {part.heading}\n\n{text}" for part in PARTS if (text := _clean(parts.get(part.key)))
    ]
    return "\n\n".join(chunks) + ("\n" if chunks else "")


def split_body(body: str) -> dict[str, str]:
    """The parts of a body written by ``compose_body``; any text before them is context."""
    headings = {f"## {part.heading}": part.key for part in PARTS}
    lines: dict[str, list[str]] = {key: [] for key in PART_KEYS}
    current = "context"
    for line in (body or "").replace("\r\n", "\n").split("\n"):
        if line.strip() in headings:
            current = headings[line.strip()]
        else:
            lines[current].append(line)
    return {key: "\n".join(found).strip() for key, found in lines.items()}


def _image_extension(upload) -> str | None:
    head = upload.read(16)
    upload.seek(0)
    for extension, signatures in IMAGE_SIGNATURES.items():
        if any(head.startswith(s) for s in signatures):
            if extension == "webp" and head[8:12] != b"WEBP":
                continue
            return extension
    return None


def check_page(title: str, tagline: str, parts: dict[str, str], image=None) -> dict:
    """Every problem of an edit, by field name (empty when it may be saved)."""
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Titre : indiquez le nom du défi.")]
    elif len(title) > Challenge._meta.get_field("title").max_length:
        errors["title"] = [_("Titre : 255 caractères au plus.")]
    if len(tagline) > Challenge._meta.get_field("tagline").max_length:
        errors["tagline"] = [
            _("Accroche : 500 caractères au plus (%(n)s saisis).") % {"n": len(tagline)}
        ]
    headings = {f"## {part.heading}" for part in PARTS}
    for part in PARTS:
        text = parts.get(part.key, "")
        if len(text) > MAX_PART_LENGTH:
            errors[part.key] = [
                _("%(part)s : %(max)s caractères au plus (%(n)s saisis).")
                % {"part": part.heading, "max": MAX_PART_LENGTH, "n": len(text)}
            ]
        elif any(line.strip() in headings for line in text.split("\n")):
            errors[part.key] = [
                _(
                    "%(part)s : un intertitre ne peut pas reprendre celui d'une partie de la "
                    "page ; écrivez « ### » pour un intertitre."
                )
                % {"part": part.heading}
            ]
    if image is not None:
        if image.size > MAX_IMAGE_BYTES:
            errors["image"] = [_("Image : 2 Mo au plus.")]
        elif _image_extension(image) is None:
            errors["image"] = [_("Image : choisissez un fichier PNG, JPEG ou WebP.")]
    return errors


@transaction.atomic
def update_public_page(
    challenge: Challenge, actor, *, title, tagline, parts, image=None, remove_image=False
) -> list[str]:
    """Save the team's edit of the défi's public page; returns the fields changed."""
    title, tagline = " ".join(str(title or "").split()), " ".join(str(tagline or "").split())
    parts = {key: _clean(parts.get(key)) for key in PART_KEYS}
    errors = check_page(title, tagline, parts, image)
    if errors:
        raise PublicPageError(errors)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    before = split_body(challenge.body)
    changed = [name for name, old, new in (("title", challenge.title, title),
                                            ("tagline", challenge.tagline, tagline))
               if old != new]  # fmt: skip
    changed += [key for key in PART_KEYS if before[key] != parts[key]]
    new_image = challenge.image
    if image is not None:
        extension = _image_extension(image)
        name = f"challenges/{challenge.slug[:80]}-{secrets.token_hex(4)}.{extension}"
        new_image = default_storage.save(name, image)
        forget_cached_lookups()
    elif remove_image:
        new_image = ""
    if new_image != challenge.image:
        changed.append("image")
    if not changed:
        return []
    challenge.title, challenge.tagline, challenge.image = title, tagline, new_image
    challenge.body = compose_body(parts)
    challenge.save(update_fields=["title", "tagline", "body", "image", "updated_at"])
    record("challenge.public_page_edited", challenge, actor=actor, fields=changed)
    return changed
