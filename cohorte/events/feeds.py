"""Personal calendar feeds: a secret address per person, revocable."""

import secrets

from cohorte.audit.domain import record

from .models import FeedToken


def token_of(user) -> str:
    """The user's current feed secret, or ""."""
    found = FeedToken.objects.filter(user=user).first()
    return found.token if found else ""


def regenerate(user) -> str:
    """A new secret for the user's feed; the old address stops working."""
    token = secrets.token_urlsafe(32)
    FeedToken.objects.update_or_create(user=user, defaults={"token": token})
    record("event.feed_regenerated", user, user)
    return token


def revoke(user) -> None:
    """The user's feed address stops working."""
    FeedToken.objects.filter(user=user).delete()
    record("event.feed_revoked", user, user)


def owner(token: str):
    """The account whose feed ``token`` opens, or None."""
    if not token or len(token) > 64:
        return None
    found = FeedToken.objects.filter(token=token).select_related("user").first()
    if found is None or not found.user.is_active:
        return None
    return found.user
