"""Uploads of the post editor: images re-encoded and resized, attached files checked by content.

An image is read with Pillow, turned upright, shrunk to ``MAX_WIDTH`` and written anew (JPEG,
or PNG when it has transparency): what is stored is never the uploaded bytes, so nothing
hidden in them (metadata, a script in a polyglot file) reaches the public site. An attached
file is accepted when its extension is one of ``ATTACHMENT_TYPES`` and its first bytes match
that format.
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cohorte.calls.files import clean_name

MEGABYTE = 1024 * 1024
MAX_IMAGE_BYTES = 5 * MEGABYTE
MAX_WIDTH = 1600
IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
MAX_ATTACHMENT_BYTES = 20 * MEGABYTE
PDF = (b"%PDF-",)
OOXML = (b"PK\x03\x04",)  # .docx, .xlsx, .pptx and OpenDocument files are zip archives
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # the older .doc, .xls, .ppt
# extension: (content type, accepted first bytes)
ATTACHMENT_TYPES = {
    "pdf": ("application/pdf", PDF),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", OOXML),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", OOXML),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", OOXML),
    "odt": ("application/vnd.oasis.opendocument.text", OOXML),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", OOXML),
    "odp": ("application/vnd.oasis.opendocument.presentation", OOXML),
    "doc": ("application/msword", OLE),
    "xls": ("application/vnd.ms-excel", OLE),
    "ppt": ("application/vnd.ms-powerpoint", OLE),
}


def _read(uploaded, max_bytes: int, message: str) -> bytes:
    # The declared size may lie: read at most one byte more than allowed.
    if uploaded.size is not None and uploaded.size > max_bytes:
        raise ValidationError(message)
    uploaded.seek(0)
    content = uploaded.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise ValidationError(message)
    return content


def resized_image(uploaded) -> ContentFile:
    """The uploaded image re-encoded, at most MAX_WIDTH pixels wide; ValidationError otherwise."""
    return reencoded_image(
        uploaded,
        too_large=_("L’image dépasse la taille maximale de 5 Mo."),
        not_an_image=_(
            "Ce fichier n’est pas une image : déposez une image JPEG, PNG, GIF ou WebP."
        ),
    )


def reencoded_image(
    uploaded, *, too_large: str, not_an_image: str, formats=IMAGE_FORMATS
) -> ContentFile:
    """The uploaded image of one of ``formats`` written anew, at most MAX_WIDTH pixels wide.

    Every upload that may reach a page goes through here, each form with its own messages."""
    content = _read(uploaded, MAX_IMAGE_BYTES, too_large)
    refused = ValidationError(not_an_image)
    try:
        with Image.open(io.BytesIO(content)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(content))
        if image.format not in formats:
            raise refused
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise refused from None
    image = ImageOps.exif_transpose(image)
    if image.width > MAX_WIDTH:
        height = max(1, round(image.height * MAX_WIDTH / image.width))
        image = image.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
    transparent = image.mode in ("RGBA", "LA") or (
        image.mode == "P" and "transparency" in image.info
    )
    output = io.BytesIO()
    if transparent:
        image.convert("RGBA").save(output, "PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(output, "JPEG", quality=85, optimize=True, progressive=True)
        extension = "jpg"
    return ContentFile(output.getvalue(), name=f"image.{extension}")


@dataclass(frozen=True)
class CheckedAttachment:
    """A file that passed the checks: its bytes, name and content type."""

    content: bytes
    original_name: str
    content_type: str


def checked_attachment(uploaded) -> CheckedAttachment:
    """The uploaded file when it is a PDF or an office document; ValidationError otherwise."""
    content = _read(
        uploaded, MAX_ATTACHMENT_BYTES, _("Le fichier dépasse la taille maximale de 20 Mo.")
    )
    name = clean_name(uploaded.name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    refused = ValidationError(
        _(
            "Format refusé : déposez un PDF ou un document bureautique "
            "(Word, Excel, PowerPoint, OpenDocument)."
        )
    )
    if extension not in ATTACHMENT_TYPES:
        raise refused
    content_type, magics = ATTACHMENT_TYPES[extension]
    if not content.startswith(magics):
        raise refused
    return CheckedAttachment(content, name, content_type)
