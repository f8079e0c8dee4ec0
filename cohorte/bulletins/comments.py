"""The team's comments on published bulletins, and their answers to a "help needed" that
become actions of the défi."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.followup.actions import open_action
from cohorte.notifications.domain import queue_email
from cohorte.people.teams import team_users
from cohorte.public.formats import format_date

from .models import Comment

MAX_LENGTH = 5000


def bulletin_url(bulletin) -> str:
    """The bulletin's page, as a link in an e-mail."""
    return settings.SITE_URL + reverse(
        "bulletins:week", args=[bulletin.challenge_id, bulletin.week.isoformat()]
    )


@transaction.atomic
def comment(
    bulletin,
    text: str,
    actor,
    *,
    answers_help: bool = False,
    action_title: str = "",
    owner=None,
    due_on: datetime.date | None = None,
) -> Comment:
    """Comment a published bulletin (logged, its défi's team e-mailed); an answer to its
    "help needed" may open an action with an owner and a due date."""
    text = (text or "").strip()
    if bulletin.published_at is None:
        raise ValidationError(_("Ce bulletin n'est pas encore publié."))
    if not text:
        raise ValidationError(_("Écrivez votre commentaire."))
    if len(text) > MAX_LENGTH:
        raise ValidationError(_("Le commentaire dépasse 5\u202f000 caractères."))
    if (answers_help or action_title) and not bulletin.help_needed.strip():
        raise ValidationError(_("Ce bulletin ne demande pas d'aide."))
    created = Comment.objects.create(
        bulletin=bulletin, author=actor, text=text, answers_help=answers_help or bool(action_title)
    )
    action = None
    if action_title.strip() or owner is not None or due_on is not None:
        # open_action checks the title, the owner and the due date, with its own messages.
        action = open_action(
            bulletin.challenge, action_title, owner, due_on, actor, bulletin=bulletin
        )
    record(
        "bulletins.commented",
        bulletin,
        actor=actor,
        comment=created.pk,
        answers_help=created.answers_help,
        opened=action.pk if action else None,
    )
    to = sorted({u.email for u in team_users(bulletin.challenge) if u.email})
    if to:
        queue_email(
            to,
            _("Un commentaire sur votre bulletin de la semaine du %(week)s")
            % {"week": format_date(bulletin.week)},
            _(
                "Bonjour,\n\nL'équipe du programme a commenté le bulletin du défi "
                "« %(challenge)s » de la semaine du %(week)s :\n\n%(text)s\n\n"
                "%(action)sLe bulletin et ses commentaires : %(link)s\n"
            )
            % {
                "challenge": bulletin.challenge.title,
                "week": format_date(bulletin.week),
                "text": text,
                "action": (
                    _("Une action est ouverte : %(title)s (échéance : %(due)s).\n\n")
                    % {"title": action.title, "due": action.due_on.strftime("%d/%m/%Y")}
                    if action
                    else ""
                ),
                "link": bulletin_url(bulletin),
            },
        )
    return created
