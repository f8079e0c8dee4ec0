"""A person's social links, from the usernames or URLs stored on their profile."""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.utils.translation import gettext_lazy as _

# Usernames as the platforms allow them; anything else is not turned into a link.
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,99}$")
_MASTODON_HANDLE = re.compile(r"^@?([A-Za-z0-9_]+)@([A-Za-z0-9.\-]+\.[A-Za-z]{2,})$")


@dataclass(frozen=True)
class SocialLink:
    label: str
    text: str
    url: str


def safe_url(value: str) -> str | None:
    """The URL when it is an absolute http(s) URL, else None (never a javascript: link)."""
    # Imported content bypasses form validation: only absolute http(s) URLs become links.
    value = (value or "").strip()
    parts = urlsplit(value)
    if parts.scheme in {"http", "https"} and parts.netloc:
        return value
    return None


def _profile(value: str, base: str) -> tuple[str, str] | None:
    # A field holds either a full URL or a bare username ("@name" or "name").
    value = (value or "").strip()
    if not value:
        return None
    url = safe_url(value)
    if url:
        return urlsplit(url).path.strip("/") or url, url
    username = value.lstrip("@")
    if not _USERNAME.match(username):
        return None
    return username, base + quote(username)


def social_links(person) -> list[SocialLink]:
    """The person's profiles as (label, visible text, URL), in a stable order."""
    links = []
    for label, value, base in (
        (_("GitHub"), person.github, "https://github.com/"),
        (_("GitLab"), person.gitlab, "https://gitlab.com/"),
        (_("Twitter"), person.twitter, "https://twitter.com/"),
    ):
        found = _profile(value, base)
        if found:
            links.append(SocialLink(str(label), found[0], found[1]))
    handle = _MASTODON_HANDLE.match((person.mastodon or "").strip())
    if handle:
        user, server = handle.groups()
        url = f"https://{server}/@{user}"
        links.append(SocialLink(str(_("Mastodon")), f"@{user}@{server}", url))
    for label, value in (
        (_("Mastodon"), "" if handle else person.mastodon),
        (_("LinkedIn"), person.linkedin),
        (_("Site web"), person.website),
    ):
        url = safe_url(value)
        if url:
            text = urlsplit(url).netloc + urlsplit(url).path.rstrip("/")
            links.append(SocialLink(str(label), text, url))
    return links
