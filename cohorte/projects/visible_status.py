"""What the administration is told of its proposal: the status in its own words."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte import programme_words as words
from cohorte.public.formats import format_moment

from .models import Proposal
from .proposals import access, deadline, paris

# --- What the administration is told -----------------------------------------------


@dataclass(frozen=True)
class VisibleStatus:
    """A proposal's status in the administration's words, with a DSFR badge type."""

    label: str
    detail: str
    badge: str  # info, success, warning, error, new
    next: str = ""  # what comes next, once decided
    link_url: str = ""  # the défi's public page, once published
    link_label: str = ""


def audition_of(proposal: Proposal):
    """The audition the administration has been invited to, if any."""
    from .models import Audition

    try:
        audition = proposal.audition
    except Audition.DoesNotExist:
        return None
    return audition if audition.status == Audition.Status.INVITED else None


def visible_status(proposal: Proposal, now=None) -> VisibleStatus:
    """What the administration may know: never reviews, scores, notes or jury comments.

    "Lauréate" and "non retenue" show once the decision is sent (the status changes then).
    """
    now = now or timezone.now()
    status = proposal.status
    if status == Proposal.Status.DRAFT:
        state = access(proposal, now)
        detail = (
            _("À déposer avant le %(moment)s.") % {"moment": paris(deadline(proposal, now))}
            if state.open
            else state.message
        )
        return VisibleStatus(_("Brouillon"), detail, "new")
    if status == Proposal.Status.WITHDRAWN:
        detail = (
            _("Retirée le %(moment)s.") % {"moment": paris(proposal.withdrawn_at)}
            if proposal.withdrawn_at
            else ""
        )
        return VisibleStatus(_("Retirée"), detail, "warning")
    if status == Proposal.Status.SELECTED:
        return _selected(proposal, now)
    if status == Proposal.Status.NOT_SELECTED:
        return VisibleStatus(
            _("Non retenue"),
            _("Votre proposition n'a pas été retenue. Merci de l'intérêt porté au programme."),
            "error",
            next=_("Vous pourrez proposer un défi aux prochains appels du programme."),
        )
    if status == Proposal.Status.SHORTLISTED:
        audition = audition_of(proposal)
        detail = (
            _("Audition le %(moment)s, pendant %(minutes)s minutes.")
            % {"moment": paris(audition.starts_at), "minutes": audition.duration_minutes}
            if audition
            else _("Vous recevrez votre convocation à l'audition.")
        )
        return VisibleStatus(_("Retenue pour le jury"), detail, "info")
    submitted = paris(proposal.submitted_at) if proposal.submitted_at else ""
    if access(proposal, now).open:
        return VisibleStatus(
            _("Déposée le %(moment)s") % {"moment": format_moment(proposal.submitted_at)},
            _("Vous pouvez la modifier et la déposer à nouveau jusqu'au %(moment)s.")
            % {"moment": paris(deadline(proposal, now))},
            "success",
        )
    return VisibleStatus(
        _("En cours d'instruction"),
        _("Déposée le %(moment)s ; l'équipe du programme l'examine.") % {"moment": submitted},
        "info",
    )


def _selected(proposal: Proposal, now) -> VisibleStatus:
    """A selected proposal: what comes next, and its défi's page once published."""
    from cohorte.challenges.models import Challenge

    challenge = proposal.challenge if proposal.challenge_id else None
    published = challenge is not None and challenge.status != Challenge.Status.DRAFT
    announced = proposal.call.announcement_at
    if published:
        next_step = _(
            "Le défi est publié : les candidats %(programme)s peuvent le choisir, et vos mentors "
            "voient leurs candidatures dans leur espace."
        ) % {"programme": words.short_name()}
    elif announced and announced > now:
        next_step = _(
            "La page publique du défi paraîtra à l'annonce du %(moment)s ; les candidats "
            "%(programme)s pourront alors le choisir."
        ) % {"moment": paris(announced), "programme": words.short_name()}
    else:
        next_step = _(
            "La page publique du défi paraîtra à l'annonce des résultats ; les candidats "
            "%(programme)s pourront alors le choisir."
        ) % {"programme": words.short_name()}
    return VisibleStatus(
        _("Lauréate"),
        _("Votre défi est retenu pour la promotion."),
        "success",
        next=next_step,
        link_url=challenge.get_absolute_url() if published else "",
        link_label=_("Voir la page publique du défi") if published else "",
    )
