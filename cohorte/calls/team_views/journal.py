"""The audit trail of an application, and of a call, in words the team reads."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Application

LABELS = {
    "application.created": gettext_lazy("Candidature commencée"),
    "application.submitted": gettext_lazy("Candidature déposée"),
    "application.resubmitted": gettext_lazy("Candidature déposée à nouveau"),
    "application.withdrawn": gettext_lazy("Candidature retirée"),
    "application.eligibility_set": gettext_lazy("Éligibilité"),
    "application.completeness_set": gettext_lazy("Complétude"),
    "application.shortlisted": gettext_lazy("Présélectionnée pour une audition"),
    "application.unshortlisted": gettext_lazy("Retirée de la présélection"),
    "application.note_added": gettext_lazy("Note interne ajoutée"),
    "application.message_sent": gettext_lazy("Message envoyé au candidat"),
    "application.info_answered": gettext_lazy("Complément envoyé par le candidat"),
    "application.file_added": gettext_lazy("Fichier déposé par le candidat"),
    "application.reminder_sent": gettext_lazy("Relance avant clôture envoyée"),
    "application.purged": gettext_lazy("Candidature supprimée (durée de conservation)"),
    "review.submitted": gettext_lazy("Évaluation rendue"),
    "review.updated": gettext_lazy("Évaluation modifiée"),
    "conflict.declared": gettext_lazy("Conflit d'intérêts déclaré"),
    "conflict.automatic": gettext_lazy(
        "Conflit d'intérêts enregistré d'office : la personne évalue dans cet appel"
    ),
    "interview.scheduled": gettext_lazy("Audition planifiée"),
    "interview.moved": gettext_lazy("Audition déplacée"),
    "interview.locked": gettext_lazy("Audition verrouillée"),
    "interview.unlocked": gettext_lazy("Audition déverrouillée"),
    "interview.invited": gettext_lazy("Invitation à l'audition envoyée"),
    "interview.confirmed": gettext_lazy("Audition confirmée par le candidat"),
    "interview.move_requested": gettext_lazy("Changement d'audition demandé par le candidat"),
    "interview.cancelled": gettext_lazy("Audition annulée"),
    "interview.update_sent": gettext_lazy("Audition modifiée envoyée au candidat"),
    "interview.cancellation_sent": gettext_lazy("Annulation de l'audition envoyée au candidat"),
    "decision.staged": gettext_lazy("Décision préparée"),
    "decision.unstaged": gettext_lazy("Décision annulée"),
    "decision.validated": gettext_lazy("Décision validée par la direction"),
    "decision.returned": gettext_lazy("Décision renvoyée à l'équipe par la direction"),
    "decision.sent": gettext_lazy("Décision envoyée au candidat"),
    "decision.email_retried": gettext_lazy("E-mail de décision renvoyé"),
    "application.voted": gettext_lazy("Classement des défis enregistré (vote)"),
    "matching.constraint_set": gettext_lazy("Contrainte d'appariement posée"),
    "matching.constraint_cleared": gettext_lazy("Contrainte d'appariement retirée"),
    # The proposals of the call for projects share this journal.
    "proposal.created": gettext_lazy("Proposition commencée"),
    "proposal.submitted": gettext_lazy("Proposition déposée"),
    "proposal.withdrawn": gettext_lazy("Proposition retirée"),
    "proposal.file_added": gettext_lazy("Fichier déposé par l'administration"),
    "proposal.eligibility_set": gettext_lazy("Éligibilité"),
    "proposal.completeness_set": gettext_lazy("Complétude"),
    "proposal.shortlisted": gettext_lazy("Retenue pour le jury des défis"),
    "proposal.unshortlisted": gettext_lazy("Retirée de la liste du jury"),
    "proposal.question_asked": gettext_lazy("Question posée à l'administration"),
    "proposal.answered": gettext_lazy("Réponse de l'administration"),
    "proposal.note_added": gettext_lazy("Note ajoutée"),
    "proposal.converted": gettext_lazy("Défi créé à partir de la proposition"),
    "audition.scheduled": gettext_lazy("Audition du défi planifiée"),
    "audition.moved": gettext_lazy("Audition du défi déplacée"),
    "audition.removed": gettext_lazy("Audition du défi retirée"),
    "audition.locked": gettext_lazy("Audition du défi verrouillée"),
    "audition.unlocked": gettext_lazy("Audition du défi déverrouillée"),
    "audition.invited": gettext_lazy("Convocation au jury envoyée"),
    "audition.update_sent": gettext_lazy("Convocation modifiée envoyée"),
    "audition.cancellation_sent": gettext_lazy("Annulation de la convocation envoyée"),
    "juror_comment.added": gettext_lazy("Commentaire d'un juré"),
    # The call's own journal.
    "step.overridden": gettext_lazy("Exception de la direction du programme"),
    "decisions.staged": gettext_lazy("Décisions préparées"),
    "results.published": gettext_lazy("Résultats publiés"),
    "projects.published": gettext_lazy("Défis publiés"),
}
STATUS_LABELS = dict(Application.Status.choices)
VALUE_LABELS = {
    "application.eligibility_set": dict(Application.Eligibility.choices),
    "application.completeness_set": dict(Application.Completeness.choices),
    "proposal.eligibility_set": dict(Application.Eligibility.choices),
    "proposal.completeness_set": dict(Application.Completeness.choices),
}


def _scalar(value) -> bool:
    return isinstance(value, str | int | float | bool) and not isinstance(value, dict)


def describe_entry(entry) -> dict:
    """Date, author, label and details of one activity log entry."""
    data = entry.data or {}
    details = []
    label = LABELS.get(entry.action, entry.action)
    if entry.action in VALUE_LABELS:
        names = VALUE_LABELS[entry.action]
        label = f"{label} : {names.get(data.get('value'), data.get('value'))}"
        if data.get("previous"):
            details.append(_("avant : %(value)s") % {"value": names.get(data["previous"], "")})
        if data.get("reason"):
            details.append(_("motif : %(reason)s") % {"reason": data["reason"]})
    elif entry.action == "application.message_sent":
        if data.get("kind") == "info_request":
            label = _("Demande de complément envoyée au candidat")
    elif entry.action == "decision.returned":
        details.append(_("commentaire : %(comment)s") % {"comment": data.get("comment", "")})
    elif entry.action == "step.overridden":
        from cohorte.calls.guards import STEPS

        step = STEPS.get(data.get("step"), data.get("step"))
        label = _("%(label)s : %(step)s") % {"label": label, "step": step}
        details.append(_("motif : %(reason)s") % {"reason": data.get("reason", "")})
        if data.get("missing"):
            details.append(
                _("conditions non réunies : %(missing)s") % {"missing": " ; ".join(data["missing"])}
            )
    elif entry.action == "application.submitted":
        details.append(_("version %(number)s") % {"number": data.get("version", "?")})
    elif entry.action == "application.withdrawn" and data.get("previous_status"):
        previous = STATUS_LABELS.get(data["previous_status"], data["previous_status"])
        details.append(_("avant : %(value)s") % {"value": previous})
    elif entry.action not in LABELS:
        details = [f"{key} : {value}" for key, value in sorted(data.items()) if _scalar(value)]
    return {
        "at": entry.created_at,
        "actor": entry.actor,
        "action": entry.action,
        "label": label,
        "details": details,
    }
