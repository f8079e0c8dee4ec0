"""The links of the newsletter's e-mails: signed, so that nothing secret is stored and a forged
link is told apart from a used or expired one."""

import datetime

from django.core import signing
from django.urls import reverse
from django.utils.crypto import salted_hmac

from cohorte.site_address import absolute_url

CONFIRM_SALT = "cohorte.newsletter.confirm"
UNSUBSCRIBE_SALT = "cohorte.newsletter.unsubscribe"
# A confirmation link is valid for a week; the address itself is forgotten after 30 days.
CONFIRM_MAX_AGE = datetime.timedelta(days=7)


class Forged(ValueError):
    """A link that this site did not make."""


class Expired(ValueError):
    """A confirmation link older than CONFIRM_MAX_AGE."""


def address_digest(email: str) -> str:
    """A keyed hash of the address: links stay bound to it without showing it in a URL
    (addresses are personal data, and URLs end up in logs)."""
    return salted_hmac("cohorte.newsletter.address", email, algorithm="sha256").hexdigest()[:24]


def _payload(subscriber) -> str:
    return f"{subscriber.pk}.{address_digest(subscriber.email)}"


def _parse(value: str) -> tuple[int, str]:
    """The subscriber id and address digest of a link's signed value."""
    pk, _sep, digest = value.partition(".")
    if not pk.isdigit() or not digest:
        raise Forged(value)
    return int(pk), digest


def confirmation_token(subscriber) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(_payload(subscriber))


def read_confirmation(token: str) -> tuple[int, str]:
    """The subscriber id and address digest of a confirmation link; raises Forged or Expired."""
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    try:
        return _parse(signer.unsign(token, max_age=CONFIRM_MAX_AGE))
    except signing.SignatureExpired as exc:
        raise Expired(token) from exc
    except signing.BadSignature as exc:
        raise Forged(token) from exc


def unsubscribe_token(subscriber) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(_payload(subscriber))


def read_unsubscribe(token: str) -> tuple[int, str]:
    """The subscriber id and address digest of an unsubscribe link; raises Forged."""
    try:
        return _parse(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except signing.BadSignature as exc:
        raise Forged(token) from exc


def confirmation_link(subscriber) -> str:
    return absolute_url(reverse("newsletter:confirm", args=[confirmation_token(subscriber)]))


def unsubscribe_link(subscriber) -> str:
    return absolute_url(reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber)]))
