"""What the recruitment pages share when they tell people: the team's e-mail, the fellow's
names and page link, and a written reason checked the same way everywhere."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.accounts.roles import team_addresses
from cohorte.notifications.domain import queue_email

MAX_REASON_LENGTH = 2000


def tell_team(subject: str, body: str) -> None:
    """E-mail the programme team, through the outbox, when it has an address."""
    team = team_addresses()
    if team:
        queue_email(team, subject, body)


def fellow_values(fellow) -> dict:
    """The fellow's name, défi and recruitment page, for the e-mails' texts."""
    challenge = fellow.challenge
    return {
        "name": fellow.person.full_name,
        "challenge": challenge.title if challenge else "",
        "link": settings.SITE_URL + reverse("recruitment:fellow", args=[fellow.pk]),
    }


def checked_reason(reason: str, missing: str) -> str:
    """``reason`` trimmed, refused with ``missing`` when empty, or when too long."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(missing)
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            _("Le motif dépasse %(max)s caractères.") % {"max": MAX_REASON_LENGTH}
        )
    return reason
