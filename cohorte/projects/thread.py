"""The thread between the team and an administration about a proposal.

The team asks a question (``ask``) or writes a plain message; the administration answers
(``reply``): an answer to an open question marks it answered. Every message is recorded
in the activity log and announced by e-mail to the other side.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.accounts.roles import organisation_ids
from cohorte.audit.domain import record
from cohorte.notifications import emails

from . import notify
from .models import Proposal, ProposalMessage

MAX_LENGTH = 10_000
OPEN_STATES = {"submitted", "shortlisted"}


class ThreadError(ValueError):
    """A message refused; the text says why, for the user."""


def _body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Écrivez votre message avant de l'envoyer.")]})
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            {"body": [_("Votre message dépasse 10\u202f000 caractères : raccourcissez-le.")]}
        )
    return body


def open_questions(proposal: Proposal):
    """The team's questions still waiting for the administration's answer."""
    return proposal.messages.filter(from_team=True, is_question=True, answered_at__isnull=True)


@transaction.atomic
def ask(proposal: Proposal, body: str, actor, question: bool = True) -> ProposalMessage:
    """The team or a pre-instructor writes to the administration (a question by default)."""
    if not actor.has_perm("projects.review_proposal", proposal):
        raise ThreadError(_("Seule l'équipe du programme écrit aux administrations."))
    body = _body(body)
    proposal = Proposal.objects.select_related("organisation", "call").get(pk=proposal.pk)
    if proposal.status == Proposal.Status.DRAFT:
        raise ThreadError(_("Cette proposition n'est pas encore déposée."))
    message = ProposalMessage.objects.create(
        proposal=proposal, author=actor, from_team=True, is_question=question, body=body
    )
    record("proposal.question_asked", proposal, actor, message=message.pk, question=question)
    notify.to_administration("proposal_question", proposal)
    return message


@transaction.atomic
def reply(proposal: Proposal, body: str, actor, now=None) -> ProposalMessage:
    """The administration writes in the thread; it answers every open question."""
    now = now or timezone.now()
    if proposal.organisation_id not in organisation_ids(actor):
        raise ThreadError(_("Seuls les comptes de l'administration répondent ici."))
    body = _body(body)
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("organisation", "call")
        .get(pk=proposal.pk)
    )
    if proposal.status in (Proposal.Status.DRAFT, Proposal.Status.WITHDRAWN):
        raise ThreadError(_("Cette proposition n'attend pas de message."))
    questions = list(open_questions(proposal).select_related("author"))
    message = ProposalMessage.objects.create(
        proposal=proposal, author=actor, from_team=False, body=body
    )
    ProposalMessage.objects.filter(pk__in=[q.pk for q in questions]).update(answered_at=now)
    record(
        "proposal.answered",
        proposal,
        actor,
        message=message.pk,
        answers=[q.pk for q in questions],
    )
    authors = sorted({q.author.email for q in questions if q.author and q.author.email})
    if authors:
        emails.send(
            "proposal_answered",
            authors,
            notify.values(proposal, team_url=notify.team_url(proposal)),
            call=proposal.call,
        )
    return message
