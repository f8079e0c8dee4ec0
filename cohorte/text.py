"""Text helpers shared by every app: name normalisation and slugs."""

import re
import unicodedata

from django.utils.text import slugify

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_name(value: str) -> str:
    """Fold a name for matching, without case, accents or punctuation."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_only.lower()).strip()


def make_slug(value: str, max_length: int = 200) -> str:
    """Slug of a title, accents folded, never empty."""
    slug = slugify(normalise_name(value))[:max_length].strip("-")
    return slug or "sans-titre"


def unique_slug(queryset, value: str, max_length: int = 200) -> str:
    """A slug of ``value`` that no row of ``queryset`` has yet ("titre", "titre-2"...)."""
    base = make_slug(value, max_length=max_length - 4)
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True).iterator())
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: none
# belongs in a one-line value, and a line break in a name ends up in e-mail headers.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def single_line(value: str) -> str:
    """A one-line text: control characters and line breaks become one space, ends trimmed."""
    return _CONTROL.sub(" ", value or "").strip()
