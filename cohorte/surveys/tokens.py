"""Personal links to a survey: a random secret sent once by e-mail, only its hash stored."""

import hashlib
import secrets

from django.urls import reverse

from cohorte.site_address import absolute_url

MAX_LENGTH = 100


def new_secret() -> tuple[str, str]:
    """A fresh secret and the hash the invitation keeps."""
    secret = secrets.token_urlsafe(32)
    return secret, digest(secret)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def link(secret: str) -> str:
    """The absolute address of the personal link."""
    return absolute_url(reverse("surveys:answer", args=[secret]))
