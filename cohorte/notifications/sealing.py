"""Sealed text: what only a message's recipient may read, encrypted while it waits.

Authentication e-mails (password reset, address verification, sign-in codes) carry a
secret that lets whoever reads it act as the recipient. The outbox keeps their full
text sealed with a key derived from ``SECRET_KEY`` (and its fallbacks, so that a key
rotation does not strand messages already queued), and erases it once delivered.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class UnreadableSeal(ValueError):
    """A sealed text that no current or fallback key opens."""


def _fernet(secret: str) -> Fernet:
    digest = hashlib.sha256(b"cohorte.outbox.sealed:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(s) for s in secrets])


def seal(text: str) -> str:
    """Encrypt a text for storage (authenticated: a changed byte makes it unreadable)."""
    return _keys().encrypt(text.encode()).decode("ascii")


def unseal(token: str) -> str:
    """The text a ``seal`` produced; UnreadableSeal when no key opens it."""
    try:
        return _keys().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError) as exc:
        raise UnreadableSeal("sealed text unreadable with the current keys") from exc


def redact(text: str, secrets: list[str], placeholder: str) -> str:
    """The text with every secret replaced by the placeholder, longest secrets first."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, placeholder)
    return text
