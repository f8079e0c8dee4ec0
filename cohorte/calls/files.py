"""Files of applications and proposals: checked by content, stored under random names,
served after a check.

A file is accepted as a PDF only when its bytes say so (the "%PDF-" header) AND pypdf can
read its pages: a renamed executable, an image or a damaged document is refused whatever
its name; so is a PDF with active content (scripts, launch actions, attached files,
interactive media: ``active_content``); a page limit, when given, is checked too. Files
are served only by :func:`serve_application_file`, which the views call after checking the
viewer's permission; the storage's own URL is never used. An application's files
(``ApplicationFile``) and a proposal's (``ProposalFile``) are stored alike by
:func:`store_pdf`, through the subject's ``files``.
"""

import hashlib
import io
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from pypdf import PdfReader

from . import active_content

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
# The PDF standard lets readers accept a header within the first 1024 bytes (ISO 32000 §7.5.2).
HEADER_WINDOW = 1024
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class CheckedPdf:
    """A PDF that passed the checks: its bytes, digest and number of pages."""

    content: bytes
    sha256: str
    pages: int
    original_name: str

    @property
    def size(self) -> int:
        return len(self.content)


def clean_name(name: str) -> str:
    """The file's own name as shown to people: no folders, no control characters, bounded."""
    base = PurePath(str(name or "").replace("\\", "/")).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return (base or "document.pdf")[-200:]


def _megabytes(max_bytes: int) -> str:
    value = max_bytes / MEGABYTE
    return f"{value:g}".replace(".", ",")


def _read(uploaded, max_bytes: int, name: str) -> bytes:
    # The declared size may lie (a crafted request): read at most one byte more than allowed.
    if uploaded.size is not None and uploaded.size > max_bytes:
        raise _too_big(name, max_bytes)
    uploaded.seek(0)
    content = uploaded.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise _too_big(name, max_bytes)
    return content


def _too_big(name: str, max_bytes: int) -> ValidationError:
    return ValidationError(
        _("Le fichier « %(name)s » dépasse la taille maximale de %(size)s Mo.")
        % {"name": name, "size": _megabytes(max_bytes)},
        code="too_big",
    )


def _open(content: bytes) -> tuple[PdfReader, int]:
    """A reader of a PDF given as bytes and its number of pages; ValueError when pypdf
    cannot read it ("encrypted" when it needs a password)."""
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError("encrypted")
        return reader, len(reader.pages)
    except ValueError:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on damaged files
        raise ValueError(type(error).__name__) from error


def count_pages(content: bytes) -> int:
    """Pages of a PDF given as bytes; raises ValueError when pypdf cannot read it."""
    return _open(content)[1]


def _active_content(reader: PdfReader) -> str:
    try:
        return active_content.active_content(reader)
    except Exception as error:  # as damaged as a file whose pages cannot be read
        raise ValueError(type(error).__name__) from error


def check_pdf_content(
    uploaded, max_bytes: int, max_pages: int | None = None, label: str | None = None
) -> CheckedPdf:
    """Read an upload and accept it only if it is a readable PDF within the size (and page)
    limit; ``label`` names the document in the page-limit message ("Le pitch")."""
    name = clean_name(getattr(uploaded, "name", ""))
    content = _read(uploaded, max_bytes, name)
    if not content:
        raise ValidationError(_("Le fichier « %(name)s » est vide.") % {"name": name}, "empty")
    if PDF_MAGIC not in content[:HEADER_WINDOW]:
        raise ValidationError(
            _(
                "Le fichier « %(name)s » n'est pas un PDF : son contenu ne correspond pas à un "
                "document PDF, quel que soit son nom. Enregistrez votre document au format PDF "
                "puis déposez-le à nouveau."
            )
            % {"name": name},
            code="not_pdf",
        )
    try:
        reader, pages = _open(content)
        active = _active_content(reader)
    except ValueError as error:
        protected = str(error) == "encrypted"
        message = (
            _(
                "Le fichier « %(name)s » est protégé par un mot de passe : déposez une version "
                "sans mot de passe."
            )
            if protected
            else _(
                "Le fichier « %(name)s » est un PDF illisible ou endommagé : enregistrez-le à "
                "nouveau au format PDF puis déposez-le."
            )
        )
        raise ValidationError(message % {"name": name}, code="unreadable") from error
    if active:
        raise ValidationError(
            _(
                "Le fichier « %(name)s » contient du contenu actif (%(what)s) : enregistrez-le "
                "à nouveau en PDF sans script ni pièce jointe (« Imprimer », puis « Enregistrer "
                "au format PDF ») et déposez-le."
            )
            % {"name": name, "what": active_content.label(active)},
            code="active_content",
        )
    if pages < 1:
        raise ValidationError(
            _("Le fichier « %(name)s » ne contient aucune page.") % {"name": name}, "no_pages"
        )
    if max_pages is not None and pages > max_pages:
        raise ValidationError(
            _("%(label)s « %(name)s » compte %(pages)s pages : %(max)s pages au plus.")
            % {"label": label or _("Le fichier"), "name": name, "pages": pages, "max": max_pages},
            code="too_many_pages",
        )
    return CheckedPdf(
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        pages=pages,
        original_name=name,
    )


def check_pdf(uploaded, max_bytes: int) -> int:
    """Number of pages of an uploaded PDF; ValidationError with a clear message otherwise."""
    return check_pdf_content(uploaded, max_bytes).pages


def store_pdf(subject, kind: str, checked: CheckedPdf, question=None):
    """Save a checked PDF as the current file of that kind of an application or a proposal
    (the old one is kept). Returns (row, created).

    The same content uploaded again changes nothing and returns the current row.
    """
    files = subject.files  # ApplicationFile or ProposalFile rows
    model = files.model
    owner = {files.field.name: subject}
    if question is not None:
        owner["question"] = question
    elif any(f.name == "question" for f in model._meta.fields):
        owner["question"] = None
    current = model.objects.filter(kind=kind, is_current=True, **owner)
    same = current.filter(sha256=checked.sha256).first()
    if same is not None:
        return same, False
    current.update(is_current=False)
    row = model(
        kind=kind,
        original_name=checked.original_name,
        size=checked.size,
        sha256=checked.sha256,
        content_type="application/pdf",
        is_current=True,
        **owner,
    )
    if any(f.name == "pages" for f in model._meta.fields):
        row.pages = checked.pages
    # The stored name is random (upload_to); ".pdf" because the content is one, whatever its name.
    row.file.save("document.pdf", ContentFile(checked.content), save=False)
    row.save()
    return row, True


def serve_application_file(request, file) -> HttpResponse:
    """Send an application's file as a download. The caller has checked the permission.

    Behind the front server (``MEDIA_ACCEL_REDIRECT`` set), Cohorte only answers with the
    headers and hands the bytes over to it with ``X-Accel-Redirect``: the web process is
    free at once, however large the file or slow the client.
    """
    filename = file.original_name or "document.pdf"
    content_type = file.content_type or "application/pdf"
    accel = accel_target(file.file)
    if accel:
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["X-Accel-Redirect"] = accel
    else:
        response = FileResponse(
            file.file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    logger.info("%s %s served to user %s", file._meta.model_name, file.pk, request.user.pk)
    return response


def accel_target(field_file) -> str:
    """The front server's internal address of a stored file, or "" to serve it from here."""
    prefix = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if not prefix:
        return ""
    storage = field_file.storage
    try:
        storage.path(field_file.name)
    except NotImplementedError:
        # Object storage: a signed, short-lived address that the front server fetches.
        parts = urlsplit(storage.url(field_file.name))
        query = f"?{parts.query}" if parts.query else ""
        return f"/_object/{parts.scheme}/{parts.netloc}{parts.path}{query}"
    return prefix.rstrip("/") + "/" + quote(field_file.name)
