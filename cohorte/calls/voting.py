"""The voting step (as in EIG 5): preselected candidates rank the défis after preselection.

When a call's choices are made by vote (``Call.choice_timing == "voting"``), the
application asks for none; once shortlisted, the candidate ranks up to
``call.max_choices`` of the call's options until ``call.voting_closes_at``. Each vote
replaces the previous ranking; the server's clock decides whether the vote is open.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.notifications import emails
from cohorte.public.formats import format_moment

from .applications import ApplicationError, WindowClosed, rank_choices
from .choices import choice_options
from .models import Application, ApplicationChoice, Call


@dataclass(frozen=True)
class VoteState:
    """Whether this application may vote now, and why not."""

    open: bool
    message: str


def vote_state(application: Application, now=None) -> VoteState:
    """May the candidate rank the défis now? The reason in their words when not."""
    now = now or timezone.now()
    call = application.call
    if call.choice_timing != Call.ChoiceTiming.VOTING:
        return VoteState(False, _("Cet appel ne prévoit pas de vote : les choix se font dans la "
                                  "candidature."))  # fmt: skip
    if application.status != Application.Status.SHORTLISTED:
        return VoteState(False, _("Le vote est réservé aux candidat·es présélectionné·es."))
    if call.voting_closes_at is None:
        return VoteState(False, _("La date de clôture du vote n'est pas encore fixée."))
    if now >= call.voting_closes_at:
        return VoteState(
            False,
            _("Le vote a fermé le %(moment)s, heure de Paris : vos choix ne peuvent plus changer.")
            % {"moment": format_moment(call.voting_closes_at)},
        )
    return VoteState(True, "")


def cast_vote(application: Application, values, actor, now=None) -> list[ApplicationChoice]:
    """Replace the candidate's ranked choices with this vote, while the vote is open."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call", "candidate")
            .get(pk=application.pk)
        )
        if locked.candidate_id != getattr(actor, "pk", None):
            raise ApplicationError(_("Seul·e le ou la candidat·e peut voter."))
        state = vote_state(locked, now)
        if not state.open:
            raise WindowClosed(state.message)
        ranked = rank_choices(locked.call, values)
        if not ranked:
            raise ValidationError({"choices": [_("Classez au moins un choix.")]})
        locked.choices.all().delete()
        choices = ApplicationChoice.objects.bulk_create(
            ApplicationChoice(application=locked, rank=rank, challenge_id=c, profile_id=p)
            for rank, (c, p) in enumerate(ranked, start=1)
        )
        labels = {option.key: option.label for option in choice_options(locked.call)}
        record(
            "application.voted",
            locked,
            actor=actor,
            ranking=[{"rank": r, "challenge": c, "profile": p} for r, (c, p) in
                     enumerate(ranked, start=1)],
        )  # fmt: skip
        emails.send(
            "vote_recorded",
            [locked.candidate.email],
            {
                "candidate_name": locked.display_name,
                "call_title": locked.call.title,
                "site_url": _site_url(),
                "voted_at": format_moment(now),
                "ranking": "\n".join(
                    f"{rank}. {labels[key]}" for rank, key in enumerate(ranked, start=1)
                ),
                "deadline": format_moment(locked.call.voting_closes_at),
                "vote_url": _site_url() + reverse("calls:vote", args=[locked.call.slug]),
            },
            call=locked.call,
        )
    return choices


def _site_url() -> str:
    from django.conf import settings

    return settings.SITE_URL
