"""Actions of a défi: opened at a check-in or from a bulletin's "help needed", owned by a
member of the défi's team or by someone who runs the cohort, open until done."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorte.accounts.roles import supports_cohort
from cohorte.audit.domain import record
from cohorte.notifications.domain import queue_email
from cohorte.people.teams import member_challenge_ids

from .models import Action

MAX_TITLE_LENGTH = 300


def may_own(user, challenge) -> bool:
    """An action is owned by a fellow or mentor of its défi, or by who runs the cohort."""
    return bool(user and user.is_active) and (
        challenge.pk in member_challenge_ids(user) or supports_cohort(user)
    )


def checked_title(title: str) -> str:
    """The action's title trimmed; refused when empty or too long."""
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Décrivez l'action."))
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(_("L'action dépasse %(max)s caractères.") % {"max": MAX_TITLE_LENGTH})
    return title


@transaction.atomic
def open_action(
    challenge, title: str, owner, due_on: datetime.date, actor, *, check_in=None, bulletin=None
) -> Action:
    """Open an action on ``challenge``, logged and e-mailed to its owner."""
    title = checked_title(title)
    if owner is None or not may_own(owner, challenge):
        raise ValidationError(
            _("Le ou la responsable doit faire partie de l'équipe du défi ou du programme.")
        )
    if due_on is None:
        raise ValidationError(_("Indiquez l'échéance de l'action."))
    action = Action.objects.create(
        challenge=challenge,
        title=title,
        owner=owner,
        due_on=due_on,
        check_in=check_in,
        bulletin=bulletin,
        created_by=actor,
    )
    record(
        "followup.action_opened",
        action,
        actor=actor,
        challenge=challenge.pk,
        owner=owner.pk,
        due_on=due_on.isoformat(),
    )
    if owner.email and owner != actor:
        queue_email(
            [owner.email],
            _("Nouvelle action pour le défi « %(challenge)s »") % {"challenge": challenge.title},
            _(
                "Bonjour,\n\nUne action vous a été confiée pour le défi « %(challenge)s » :\n\n"
                "%(title)s\n\nÉchéance : %(due)s.\n\nLe suivi du défi : %(link)s\n"
            )
            % {
                "challenge": challenge.title,
                "title": title,
                "due": due_on.strftime("%d/%m/%Y"),
                "link": settings.SITE_URL,
            },
        )
    return action
