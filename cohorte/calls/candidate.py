"""What the candidate is told about their application: status in plain words, interview, decision.

Only what is meant for the candidate: never eligibility or completeness assessments,
scores, reviews, rankings, private notes or the names of reviewers. A decision shows only
once it has been sent; a shortlist shows only through an interview invitation.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cohorte.public.formats import format_moment

from .models import Application

VISIBLE_INTERVIEW_STATES = {"invited", "confirmed", "move_requested"}


@dataclass(frozen=True)
class CandidateStatus:
    """A status as the candidate reads it, with a DSFR badge type."""

    label: str
    detail: str
    badge: str  # info, success, warning, error, new
    next: str = ""  # what comes next, once decided
    link_url: str = ""  # the published défi of a "selected" decision
    link_label: str = ""


def never_submitted(application: Application) -> bool:
    """Whether the application is a draft never submitted: no decision nor interview can
    concern it (both need a submitted application), so none is looked for."""
    return (
        application.status == Application.Status.DRAFT
        and not application.version
        and application.first_submitted_at is None
    )


def sent_decision(application: Application):
    """The decision on this application if it has been sent to the candidate, else None."""
    from cohorte.selection.models import Decision

    if never_submitted(application):
        return None
    try:
        decision = application.decision
    except Decision.DoesNotExist:
        return None
    return decision if decision.status == Decision.Status.SENT else None


def visible_interviews(application: Application) -> list:
    """Interviews the candidate has been invited to (uses the prefetch cache when present);
    none once the decision is sent: there is nothing left to confirm or move."""
    if never_submitted(application) or sent_decision(application) is not None:
        return []
    slots = [s for s in application.interviews.all() if s.status in VISIBLE_INTERVIEW_STATES]
    return sorted(slots, key=lambda s: s.starts_at)


def candidate_sees(slot, user) -> bool:
    """Whether ``user`` is the candidate of this interview and has been invited to it: a
    planned interview is as unknown to them as one that does not exist."""
    return (
        slot.application.candidate_id == getattr(user, "pk", None)
        and slot.status in VISIBLE_INTERVIEW_STATES
    )


def _waiting_list_status() -> CandidateStatus:
    return CandidateStatus(
        _("Sur liste d'attente"),
        _("Nous reviendrons vers vous si une place se libère."),
        "warning",
    )


def candidate_status(application: Application) -> CandidateStatus:
    """The application's status in the candidate's words."""
    decision = sent_decision(application)
    if decision is not None:
        if decision.outcome == "selected":
            detail = _("Félicitations ! Vous êtes retenu·e")
            if decision.challenge_id:
                detail += _(" pour le défi « %(title)s »") % {"title": decision.challenge.title}
            if decision.profile_id:
                detail += _(" en tant que %(profile)s") % {"profile": decision.profile.name}
            challenge = decision.challenge if decision.challenge_id else None
            public = challenge is not None and challenge.status != challenge.Status.DRAFT
            return CandidateStatus(
                _("Retenue"),
                detail + ".",
                "success",
                next=_(
                    "La suite : l'équipe du programme et l'administration qui accueille le "
                    "défi vous écrivent pour votre contrat et votre arrivée dans la promotion."
                ),
                link_url=challenge.get_absolute_url() if public else "",
                link_label=_("Voir la page du défi « %(title)s »") % {"title": challenge.title}
                if public
                else "",
            )
        if decision.outcome == "waiting_list":
            return _waiting_list_status()
        return CandidateStatus(
            _("Non retenue"),
            _("Votre candidature n'a pas été retenue. Merci de l'intérêt porté au programme."),
            "error",
            next=_("Vous pourrez candidater de nouveau aux prochains appels du programme."),
        )
    if application.status == Application.Status.WAITING_LIST:
        # A waiting-list decision being decided again (a seat freed) is not sent yet:
        # the candidate still reads what they were last told.
        return _waiting_list_status()
    if application.status == Application.Status.WITHDRAWN:
        detail = ""
        if application.withdrawn_at:
            detail = _("Retirée le %(moment)s.") % {
                "moment": format_moment(application.withdrawn_at)
            }
        return CandidateStatus(_("Retirée"), detail, "info")
    if application.status == Application.Status.DRAFT:
        return CandidateStatus(
            _("Brouillon"), _("Votre candidature n'est pas encore déposée."), "new"
        )
    if visible_interviews(application):
        return CandidateStatus(
            _("Invitation à une audition"),
            _("Vous êtes invité·e à une audition : voyez les détails ci-dessous."),
            "info",
        )
    detail = ""
    if application.submitted_at:
        detail = _("Déposée le %(moment)s, heure de Paris.") % {
            "moment": format_moment(application.submitted_at)
        }
    return CandidateStatus(_("Déposée"), detail, "success")
