"""Resolving image paths of content to URLs that exist."""

import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.templatetags.static import static

PLACEHOLDER = "img/placeholder.svg"
_EXISTS_TTL = 300.0
_exists_cache: dict[str, tuple[float, bool]] = {}


def _exists(name: str) -> bool:
    # Storage look-ups can be remote (S3): remember the answer for a few minutes.
    now = time.monotonic()
    cached = _exists_cache.get(name)
    if cached and now - cached[0] < _EXISTS_TTL:
        return cached[1]
    try:
        found = default_storage.exists(name)
    except Exception:  # an unreachable storage must not break a page
        found = False
    _exists_cache[name] = (now, found)
    return found


def image_url(path: str | None, placeholder: bool = False) -> str | None:
    """URL of an image path from content, or None (or the placeholder) when it is missing."""
    path = (path or "").strip()
    if path.startswith(("https://", "http://")):
        return path
    name = path.lstrip("/")
    if name.startswith(settings.MEDIA_URL.lstrip("/")):
        name = name[len(settings.MEDIA_URL.lstrip("/")) :]
    if name and ".." not in name.split("/") and _exists(name):
        return default_storage.url(name)
    return static(PLACEHOLDER) if placeholder else None


def forget_cached_lookups() -> None:
    """Forget remembered storage look-ups (after an upload or in tests)."""
    _exists_cache.clear()
