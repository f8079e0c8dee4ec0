"""Resolving image paths of content to URLs that exist; serving media in development."""

import posixpath
import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404
from django.templatetags.static import static
from django.views import static as static_views

from .image_hosts import is_allowed_image

PLACEHOLDER = "img/placeholder.svg"
# Folders of the uploads that only a permission-checked view serves (CVs, application files,
# pitches, images of proposed posts, files attached to posts): the ``upload_to`` of every
# FileField stores under one of them.
PRIVATE_FOLDERS = ("applications", "proposals", "contributions", "post-files")
# Folders of uploads meant for everyone: the images of posts (resized on upload) and the
# share kits' visuals, which relays download from the kit's page.
PUBLIC_FOLDERS = ("posts", "campaigns")
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
        # An image elsewhere is shown only from an allowed host: the others would track
        # readers, and the page's policy refuses them anyway.
        if is_allowed_image(path):
            return path
        return static(PLACEHOLDER) if placeholder else None
    name = path.lstrip("/")
    if name.startswith(settings.MEDIA_URL.lstrip("/")):
        name = name[len(settings.MEDIA_URL.lstrip("/")) :]
    if name and ".." not in name.split("/") and _exists(name):
        return default_storage.url(name)
    return static(PLACEHOLDER) if placeholder else None


def forget_cached_lookups() -> None:
    """Forget remembered storage look-ups (after an upload or in tests)."""
    _exists_cache.clear()


def is_private(name: str) -> bool:
    """Whether a media path is (or reaches, through "..") a private upload."""
    normal = posixpath.normpath("/" + name.replace("\\", "/")).lstrip("/").lower()
    return normal.split("/", 1)[0] in PRIVATE_FOLDERS


def serve_public_media(request, path):
    """Development server only (DEBUG): the site's own media, never a private upload (404),
    which only the download views serve after checking who asks."""
    if is_private(path):
        raise Http404
    return static_views.serve(request, path, document_root=settings.MEDIA_ROOT)
