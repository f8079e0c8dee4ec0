"""Where the site's pages may load images from: itself, its media and static hosts, and
the hosts the deployer allows (MARKDOWN_IMAGE_HOSTS). Anything else could track readers,
and the Content-Security-Policy refuses it."""

from urllib.parse import urlsplit

from django.conf import settings

EXTERNAL = ("http://", "https://", "//")


def host_of(url: str) -> str:
    """The lower-case host of an address ("" for a path of the site)."""
    return (urlsplit(url if not url.startswith("//") else "https:" + url).hostname or "").lower()


def allowed_image_hosts() -> set[str]:
    """Hosts whose images a page may load: the site's own and the allow-list setting."""
    hosts = {h.lower() for h in getattr(settings, "MARKDOWN_IMAGE_HOSTS", [])}
    for url in (settings.SITE_URL, settings.MEDIA_URL, settings.STATIC_URL):
        if url.startswith(EXTERNAL):
            hosts.add(host_of(url))
    return hosts - {""}


def is_allowed_image(url: str) -> bool:
    """Whether a page may load this image: a path of the site, or an allowed host's."""
    return not url.lower().startswith(EXTERNAL) or host_of(url) in allowed_image_hosts()


def policy_image_sources() -> list[str]:
    """The image hosts the Content-Security-Policy names besides the site itself."""
    return sorted(allowed_image_hosts() - {host_of(settings.SITE_URL)})
