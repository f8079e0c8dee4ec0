"""Previews of e-mail templates with sample values, and what each template is for.

Used by the template editor (``views``) and the admin: the team sees the e-mail as a
candidate would receive it before saving its text.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cohorte import programme_words as words

from . import emails

# What each e-mail is for, as the team calls it; a key missing here shows as itself.
LABELS = {
    "application_submitted": _("Accusé de réception d'une candidature"),
    "application_reminder": _("Relance 48 h avant la clôture (brouillons)"),
    "application_withdrawn": _("Confirmation du retrait d'une candidature"),
    "info_requested": _("Demande de complément au candidat"),
    "team_message": _("Nouveau message de l'équipe au candidat"),
    "interview_invitation": _("Invitation à une audition"),
    "interview_moved": _("Audition modifiée (nouvelle heure ou nouveau lieu)"),
    "interview_cancelled": _("Annulation d'une audition"),
    "decision_selected": _("Décision : retenu·e"),
    "decision_waiting_list": _("Décision : liste d'attente"),
    "decision_not_selected": _("Décision : non retenu·e"),
    "proposal_submitted": _("Accusé de réception d'une proposition de défi"),
    "proposal_question": _("Question de l'équipe à une administration"),
    "proposal_answered": _("Réponse d'une administration (à l'équipe)"),
    "organisation_invitation": _("Invitation d'un collègue d'une administration"),
    "organisation_member_joined": _("Un collègue a rejoint une administration (à ses membres)"),
    "jury_invitation": _("Invitation d'un juré au vivier du jury des défis"),
    "jury_invitation_accepted": _("Un juré invité a rejoint le vivier (à l'équipe)"),
    "jury_panel_placed": _("Un juré est placé dans un jury des défis"),
    "proposal_withdrawn": _("Confirmation du retrait d'une proposition de défi"),
    "proposal_shortlisted": _("Proposition retenue pour le jury des défis"),
    "proposal_unshortlisted": _("Proposition retirée de la liste pour le jury des défis"),
    "audition_invitation": _("Convocation au jury des défis"),
    "audition_moved": _("Convocation modifiée au jury des défis"),
    "audition_cancelled": _("Audition annulée au jury des défis"),
    "proposal_decision_selected": _("Décision : défi retenu"),
    "proposal_decision_not_selected": _("Décision : défi non retenu"),
    "decision_returned": _("Décision renvoyée à l'équipe par la direction (à l'équipe)"),
    "alumni_path_updated": _("Parcours d'un alumni mis à jour par l'équipe (à l'alumni)"),
    "survey_invitation": _("Invitation à répondre à un questionnaire (lien personnel)"),
    "survey_reminder": _("Rappel d'un questionnaire à qui n'a pas répondu (nouveau lien)"),
}

# Plausible values for every placeholder, so that a preview reads like a real e-mail.
SAMPLES = {
    "candidate_name": "Camille Martin",
    "call_title": None,  # a call of the instance's programme
    "site_url": None,  # the instance's own address
    "dashboard_url": None,
    "submitted_at": "2 juin 2020 à 14 h 03",
    "deadline": "7 juin 2020 à 23 h 00",
    "withdrawn_at": "3 juin 2020 à 10 h 12",
    "interview_at": "24 juin 2020 à 9 h 30",
    "duration": "30",
    "location": "DINUM, 20 avenue de Ségur, Paris (salle 4.12)",
    "challenge_title": "Datapass",
    "profile": "développeur·se",
    "announcement_date": "15 juillet 2020",
    "proposal_title": "Détecter les fraudes aux prestations",
    "organisation": "Ministère de l'Intérieur",
    "team_url": None,
    "inviter_name": "Camille Martin",
    "member_name": "Dominique Petit",
    "member_email": "dominique.petit@interieur.gouv.fr",
    "signup_url": None,
    "audition_at": "12 octobre 2021 à 14 h 00",
    "juror_name": "Dominique Petit",
    "juror_email": "dominique.petit@example.org",
    "panel_name": "Jury 1",
    "auditions": "- Détecter les fraudes aux prestations (Ministère de l'Intérieur) : "
    "12 octobre 2021 à 14 h 00",
    "phases": "alignement 5 min, pitch 10 min, questions 20 min, délibération 10 min",
    "staff_name": "Dominique Petit",
    "director_name": "Claire Martin",
    "subject_name": "Camille Martin",
    "comment": "Vérifions d'abord la complétude du dossier.",
    "decisions_url": None,
    "fellow_name": "Camille Martin",
    "situation": "dans une autre administration",
    "since": "1er septembre 2021",
    "path_url": None,
    "survey_title": "Questionnaire de fin de programme",
    "cohort_name": "Promotion 8",
    "closes_at": "30 juin 2021 à 18 h 00",
    "survey_url": None,
}


def label(key: str) -> str:
    """What an e-mail template is for."""
    return str(LABELS.get(key, key))


def sample_values(key: str, call=None) -> dict[str, str]:
    """A value for each placeholder of this e-mail (the call's title when one is given)."""
    values = {}
    for name in emails.DEFAULTS[key].placeholders:
        value = SAMPLES.get(name, f"[{name}]")
        if name == "site_url":
            value = settings.SITE_URL
        elif name == "dashboard_url":
            value = f"{settings.SITE_URL}/mon-espace/"
        elif name == "decisions_url":
            value = f"{settings.SITE_URL}/jurys/decisions/"
        elif name == "survey_url":
            value = f"{settings.SITE_URL}/questionnaires/exemple-de-lien-personnel/"
        elif name == "pool_url":
            value = f"{settings.SITE_URL}/jurys/defis/1/jures/"
        elif name == "panel_url":
            value = f"{settings.SITE_URL}/jurys/defis/jurys/1/"
        elif name == "path_url":
            value = f"{settings.SITE_URL}/mon-espace/parcours/"
        elif name == "members_url":
            value = f"{settings.SITE_URL}/projets/administrations/1/"
        elif name in ("team_url", "signup_url"):
            value = (
                f"{settings.SITE_URL}/compte/signup/"
                if name == "signup_url"
                else (f"{settings.SITE_URL}/instruction/")
            )
        elif name == "call_title":
            value = (
                call.title if call is not None else f"Appel à candidatures {words.short_name()} 5"
            )
        elif name == "programme":
            value = words.name()
        values[name] = value
    return values


def preview(key: str, subject: str, body: str, call=None) -> tuple[str, str]:
    """Subject and body of this text filled with sample values, as ``emails.render`` does."""
    values = sample_values(key, call)
    return emails.fill(subject, values).replace("\n", " "), emails.fill(body, values)
