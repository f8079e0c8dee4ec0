"""The site's address (settings.SITE_URL), for every absolute link it writes."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """The absolute address of a path of the site (``/defis/x/`` -> ``https://…/defis/x/``)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + (path if path.startswith("/") else "/" + path)


def site_scheme() -> str:
    """ "https" or "http", as the site's address says."""
    return urlsplit(settings.SITE_URL).scheme or "https"


def site_domain() -> str:
    """The host (and port) of the site's address, with any path prefix."""
    parts = urlsplit(settings.SITE_URL)
    return parts.netloc + parts.path.rstrip("/")
