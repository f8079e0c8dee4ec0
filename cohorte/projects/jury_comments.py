"""Jurors' comments on a défi before the jury: shared with their panel and the team.

The administration never reads them. The pre-instruction's questions for the jury
(``ProposalNote`` of kind jury_question) are shown beside them.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from cohorte.audit.domain import record

from .jury_runs import JuryError
from .models import ProposalNote

MAX_COMMENT_LENGTH = 3000


def add_juror_comment(proposal, author, body: str) -> ProposalNote:
    """Add a juror's comment on a défi of their panel (audited "juror_comment.added")."""
    body = (body or "").strip()
    if not body:
        raise JuryError(_("Écrivez votre commentaire avant de l'enregistrer."))
    if len(body) > MAX_COMMENT_LENGTH:
        raise JuryError(
            _("Le commentaire dépasse %(max)s caractères (%(length)s).")
            % {"max": MAX_COMMENT_LENGTH, "length": len(body)}
        )
    with transaction.atomic():
        note = ProposalNote.objects.create(
            proposal=proposal, kind=ProposalNote.Kind.JUROR_COMMENT, author=author, body=body
        )
        # The text stays out of the log: it may name people.
        record("juror_comment.added", proposal, actor=author, note_id=note.pk, length=len(body))
    return note


def jury_notes(proposal) -> tuple[list[ProposalNote], list[ProposalNote]]:
    """The pre-instruction's questions for the jury and the jurors' comments, oldest first."""
    notes = list(
        proposal.notes.filter(
            kind__in=(ProposalNote.Kind.JURY_QUESTION, ProposalNote.Kind.JUROR_COMMENT)
        ).select_related("author")
    )
    return (
        [n for n in notes if n.kind == ProposalNote.Kind.JURY_QUESTION],
        [n for n in notes if n.kind == ProposalNote.Kind.JUROR_COMMENT],
    )
