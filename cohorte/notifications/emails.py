"""E-mail templates: editable texts with {placeholders} from a fixed, safe list.

Placeholders are plain names in braces ({candidate_name}); no attribute or index
access is possible, so a template edited in the back office cannot reach anything
else than the values given to it. An unknown placeholder is refused when the
template is saved (see ``check_template``) and left as is when rendering.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .domain import queue_email
from .models import EmailTemplate, OutboxMessage

PLACEHOLDER = re.compile(r"{([^{}]*)}")


@dataclass(frozen=True)
class DefaultTemplate:
    """The text used when the team has not written its own."""

    subject: str
    body: str
    placeholders: tuple[str, ...]


COMMON = ("candidate_name", "call_title", "site_url")
PROPOSAL = ("proposal_title", "organisation", "call_title", "site_url")
SURVEY = ("survey_title", "cohort_name", "closes_at", "survey_url", "site_url")
DEFAULTS: dict[str, DefaultTemplate] = {
    "application_submitted": DefaultTemplate(
        "Candidature reçue : {call_title}",
        "Bonjour {candidate_name},\n\nNous avons bien reçu votre candidature à « {call_title} » "
        "le {submitted_at} (heure de Paris, horodatage du serveur).\nVous pouvez la modifier "
        "jusqu'au {deadline}.\n\nSuivre votre candidature : {dashboard_url}\n\nL'équipe du "
        "programme",
        (*COMMON, "submitted_at", "deadline", "dashboard_url"),
    ),
    "application_reminder": DefaultTemplate(
        "Plus que 48 heures pour déposer votre candidature",
        "Bonjour {candidate_name},\n\nVotre candidature à « {call_title} » est encore un "
        "brouillon. L'appel ferme le {deadline}.\n\nTerminer ma candidature : {dashboard_url}"
        "\n\nL'équipe du programme",
        (*COMMON, "deadline", "dashboard_url"),
    ),
    "application_withdrawn": DefaultTemplate(
        "Candidature retirée : {call_title}",
        "Bonjour {candidate_name},\n\nVotre candidature à « {call_title} » est retirée "
        "depuis le {withdrawn_at}.\n\nL'équipe du programme",
        (*COMMON, "withdrawn_at"),
    ),
    "info_requested": DefaultTemplate(
        "Une question sur votre candidature",
        "Bonjour {candidate_name},\n\nL'équipe du programme vous pose une question sur votre "
        "candidature à « {call_title} ». Répondez depuis votre espace : {dashboard_url}"
        "\n\nL'équipe du programme",
        (*COMMON, "dashboard_url"),
    ),
    "team_message": DefaultTemplate(
        "Un message sur votre candidature",
        "Bonjour {candidate_name},\n\nL'équipe du programme vous a écrit au sujet de votre "
        "candidature à « {call_title} ». Lisez son message depuis votre espace : "
        "{dashboard_url}\n\nL'équipe du programme",
        (*COMMON, "dashboard_url"),
    ),
    "vote_recorded": DefaultTemplate(
        "Vos choix de défis sont enregistrés",
        "Bonjour {candidate_name},\n\nVos choix pour « {call_title} » sont enregistrés le "
        "{voted_at} (heure de Paris) :\n{ranking}\n\nVous pouvez les modifier jusqu'au "
        "{deadline} : {vote_url}\n\nL'équipe du programme",
        (*COMMON, "voted_at", "ranking", "deadline", "vote_url"),
    ),
    "interview_invitation": DefaultTemplate(
        "Invitation à une audition : {call_title}",
        "Bonjour {candidate_name},\n\nVous êtes invité·e à une audition le {interview_at} "
        "(heure de Paris), pour une durée de {duration} minutes.\nLieu : {location}\n\n"
        "Confirmez ou demandez un autre créneau : {dashboard_url}\n\nL'équipe du programme",
        (*COMMON, "interview_at", "duration", "location", "dashboard_url"),
    ),
    "interview_moved": DefaultTemplate(
        "Audition modifiée : {call_title}",
        "Bonjour {candidate_name},\n\nVotre audition change : elle aura lieu le {interview_at} "
        "(heure de Paris), pour une durée de {duration} minutes.\nLieu : {location}\n\n"
        "Le fichier joint met à jour l'événement de votre agenda. Confirmez ou demandez un autre "
        "créneau : {dashboard_url}\n\nL'équipe du programme",
        (*COMMON, "interview_at", "duration", "location", "dashboard_url"),
    ),
    "interview_cancelled": DefaultTemplate(
        "Audition annulée : {call_title}",
        "Bonjour {candidate_name},\n\nL'audition prévue le {interview_at} (heure de Paris) "
        "est annulée. L'équipe du programme reviendra vers vous.\n\nSuivre votre candidature : "
        "{dashboard_url}\n\nL'équipe du programme",
        (*COMMON, "interview_at", "dashboard_url"),
    ),
    "decision_selected": DefaultTemplate(
        "Votre candidature est retenue",
        "Bonjour {candidate_name},\n\nNous avons le plaisir de vous annoncer que vous êtes "
        "retenu·e pour le défi {challenge_title} en tant que {profile}.\nCette information "
        "reste confidentielle jusqu'à l'annonce publique du {announcement_date}.\n\n"
        "L'équipe du programme",
        (*COMMON, "challenge_title", "profile", "announcement_date"),
    ),
    "decision_waiting_list": DefaultTemplate(
        "Votre candidature est sur liste d'attente",
        "Bonjour {candidate_name},\n\nVotre candidature à « {call_title} » est placée sur "
        "liste d'attente pour le défi {challenge_title}. Nous reviendrons vers vous si une "
        "place se libère.\n\nL'équipe du programme",
        (*COMMON, "challenge_title"),
    ),
    "proposal_submitted": DefaultTemplate(
        "Proposition de défi reçue : {proposal_title}",
        "Bonjour,\n\nNous avons bien reçu la proposition « {proposal_title} » de "
        "{organisation} à « {call_title} » le {submitted_at} (heure de Paris, horodatage du "
        "serveur).\nVous pouvez la modifier jusqu'au {deadline}.\n\nSuivre la proposition : "
        "{dashboard_url}\n\nL'équipe du programme",
        (*PROPOSAL, "submitted_at", "deadline", "dashboard_url"),
    ),
    "proposal_question": DefaultTemplate(
        "Une question sur votre proposition de défi",
        "Bonjour,\n\nL'équipe du programme vous pose une question sur la proposition "
        "« {proposal_title} » de {organisation}. Répondez depuis votre espace : "
        "{dashboard_url}\n\nL'équipe du programme",
        (*PROPOSAL, "dashboard_url"),
    ),
    "proposal_answered": DefaultTemplate(
        "Réponse de l'administration : {proposal_title}",
        "Bonjour,\n\n{organisation} a répondu sur la proposition « {proposal_title} ». "
        "Lire la réponse : {team_url}\n\nCohorte",
        (*PROPOSAL, "team_url"),
    ),
    "organisation_invitation": DefaultTemplate(
        "Invitation à proposer un défi pour {organisation}",
        "Bonjour,\n\n{inviter_name} vous invite à préparer avec lui ou elle les propositions "
        "de défis de {organisation} au programme {programme}.\nCréez votre "
        "compte ou connectez-vous avec cette adresse : {signup_url}\n\nL'équipe du programme",
        ("organisation", "inviter_name", "signup_url", "site_url", "programme"),
    ),
    "organisation_member_joined": DefaultTemplate(
        "Un collègue a rejoint {organisation} sur Cohorte",
        "Bonjour,\n\n{member_name} ({member_email}) peut désormais préparer et déposer les "
        "propositions de défis de {organisation}.\nSi vous ne connaissez pas cette personne, "
        "écrivez à l'équipe du programme.\n\nLes comptes de votre administration : "
        "{members_url}\n\nL'équipe du programme",
        ("organisation", "member_name", "member_email", "members_url", "site_url"),
    ),
    "jury_invitation": DefaultTemplate(
        "Invitation au jury des défis : {call_title}",
        "Bonjour {juror_name},\n\n{inviter_name} vous invite à siéger au jury des défis de "
        "« {call_title} » du programme {programme}.\nCréez votre compte "
        "ou connectez-vous avec cette adresse pour rejoindre le vivier de jurés : {signup_url}"
        "\n\nL'équipe du programme",
        ("juror_name", "inviter_name", "call_title", "signup_url", "site_url", "programme"),
    ),
    "jury_invitation_accepted": DefaultTemplate(
        "{juror_name} a rejoint le vivier de jurés : {call_title}",
        "Bonjour,\n\n{juror_name} ({juror_email}) a accepté votre invitation et fait désormais "
        "partie du vivier de jurés de « {call_title} ».\n\nLe vivier : {pool_url}\n\n"
        "Cohorte",
        ("juror_name", "juror_email", "call_title", "pool_url", "site_url"),
    ),
    "jury_panel_placed": DefaultTemplate(
        "Votre jury des défis : {panel_name}",
        "Bonjour {juror_name},\n\nVous siégez au jury « {panel_name} » de « {call_title} ».\n"
        "Les défis que vous entendrez :\n{auditions}\n\nVotre jury : {panel_url}\n\n"
        "L'équipe du programme",
        ("juror_name", "panel_name", "call_title", "auditions", "panel_url", "site_url"),
    ),
    "proposal_withdrawn": DefaultTemplate(
        "Proposition de défi retirée : {proposal_title}",
        "Bonjour,\n\nLa proposition « {proposal_title} » de {organisation} à « {call_title} » "
        "est retirée depuis le {withdrawn_at} : elle ne sera pas examinée.\n\nL'équipe du "
        "programme",
        (*PROPOSAL, "withdrawn_at"),
    ),
    "proposal_shortlisted": DefaultTemplate(
        "Votre proposition est retenue pour le jury",
        "Bonjour,\n\nLa proposition « {proposal_title} » de {organisation} est retenue pour "
        "être présentée au jury des défis. Vous recevrez votre convocation.\n\nSuivre la "
        "proposition : {dashboard_url}\n\nL'équipe du programme",
        (*PROPOSAL, "dashboard_url"),
    ),
    "proposal_unshortlisted": DefaultTemplate(
        "Votre proposition n'est plus retenue pour le jury",
        "Bonjour,\n\nLa proposition « {proposal_title} » de {organisation} n'est plus retenue "
        "pour être présentée au jury des défis. L'équipe du programme reviendra vers vous."
        "\n\nSuivre la proposition : {dashboard_url}\n\nL'équipe du programme",
        (*PROPOSAL, "dashboard_url"),
    ),
    "audition_invitation": DefaultTemplate(
        "Convocation au jury des défis : {proposal_title}",
        "Bonjour,\n\nVous présenterez la proposition « {proposal_title} » au jury le "
        "{audition_at} (heure de Paris), pour {duration} minutes : {phases}.\nLieu : "
        "{location}\n\nSuivre la proposition : {dashboard_url}\n\nL'équipe du programme",
        (*PROPOSAL, "audition_at", "duration", "phases", "location", "dashboard_url"),
    ),
    "audition_moved": DefaultTemplate(
        "Convocation modifiée au jury des défis : {proposal_title}",
        "Bonjour,\n\nL'audition de la proposition « {proposal_title} » change : vous la "
        "présenterez au jury le {audition_at} (heure de Paris), pour {duration} minutes : "
        "{phases}.\nLieu : {location}\n\nLe fichier joint met à jour l'événement de votre "
        "agenda.\n\nSuivre la proposition : {dashboard_url}\n\nL'équipe du programme",
        (*PROPOSAL, "audition_at", "duration", "phases", "location", "dashboard_url"),
    ),
    "audition_cancelled": DefaultTemplate(
        "Audition annulée au jury des défis : {proposal_title}",
        "Bonjour,\n\nL'audition de la proposition « {proposal_title} » prévue le "
        "{audition_at} (heure de Paris) est annulée. L'équipe du programme reviendra vers "
        "vous.\n\nSuivre la proposition : {dashboard_url}\n\nL'équipe du programme",
        (*PROPOSAL, "audition_at", "dashboard_url"),
    ),
    "proposal_decision_selected": DefaultTemplate(
        "Votre défi est retenu",
        "Bonjour,\n\nNous avons le plaisir de vous annoncer que la proposition "
        "« {proposal_title} » de {organisation} est retenue comme défi de la promotion. Cette "
        "information reste confidentielle jusqu'à l'annonce publique du {announcement_date}."
        "\n\nL'équipe du programme",
        (*PROPOSAL, "announcement_date"),
    ),
    "proposal_decision_not_selected": DefaultTemplate(
        "Réponse à votre proposition de défi",
        "Bonjour,\n\nNous sommes au regret de vous annoncer que la proposition "
        "« {proposal_title} » de {organisation} n'a pas été retenue. Merci de l'intérêt que "
        "vous portez au programme.\n\nL'équipe du programme",
        PROPOSAL,
    ),
    "decision_returned": DefaultTemplate(
        "Décision renvoyée par la direction : {subject_name}",
        "Bonjour {staff_name},\n\n{director_name} renvoie à l'équipe la décision que vous aviez "
        "préparée sur {subject_name} (« {call_title} »), avec ce commentaire :\n\n{comment}"
        "\n\nReprendre la décision : {decisions_url}\n\nLa direction du programme",
        (
            "staff_name",
            "director_name",
            "subject_name",
            "call_title",
            "comment",
            "decisions_url",
            "site_url",
        ),
    ),
    "decision_not_selected": DefaultTemplate(
        "Réponse à votre candidature",
        "Bonjour {candidate_name},\n\nNous sommes au regret de vous annoncer que votre "
        "candidature à « {call_title} » n'a pas été retenue. Merci de l'intérêt que vous "
        "portez au programme.\n\nL'équipe du programme",
        COMMON,
    ),
    "alumni_path_updated": DefaultTemplate(
        "Votre parcours après le programme a été mis à jour",
        "Bonjour {fellow_name},\n\nL'équipe du programme a ajouté une étape à votre parcours : "
        "{situation}, depuis le {since}.\n\nVous pouvez la relire, ajouter les suivantes et "
        "choisir ce que vous partagez depuis votre espace : {path_url}\n\nL'équipe du programme",
        ("fellow_name", "situation", "since", "path_url", "site_url"),
    ),
    "survey_invitation": DefaultTemplate(
        "Questionnaire : {survey_title}",
        "Bonjour,\n\nL'équipe du programme vous invite à répondre au questionnaire "
        "« {survey_title} » ({cohort_name}). Il est ouvert jusqu'au {closes_at} (heure de "
        "Paris).\n\nRépondre : {survey_url}\n\nCe lien est personnel : il ne sert qu'une "
        "fois.\n\nL'équipe du programme",
        SURVEY,
    ),
    "survey_reminder": DefaultTemplate(
        "Rappel — questionnaire : {survey_title}",
        "Bonjour,\n\nVous n'avez pas encore répondu au questionnaire « {survey_title} » "
        "({cohort_name}). Il reste ouvert jusqu'au {closes_at} (heure de Paris).\n\n"
        "Répondre : {survey_url}\n\nCe nouveau lien remplace celui du premier message ; il "
        "est personnel et ne sert qu'une fois.\n\nL'équipe du programme",
        SURVEY,
    ),
}


def check_template(key: str, subject: str, body: str) -> None:
    """Refuse a template that uses a placeholder this e-mail does not provide."""
    allowed = set(DEFAULTS[key].placeholders)
    unknown = sorted(set(PLACEHOLDER.findall(subject + body)) - allowed)
    if unknown:
        raise ValidationError(
            "Champs inconnus : %(unknown)s. Champs possibles : %(allowed)s.",
            params={
                "unknown": ", ".join(f"{{{u}}}" for u in unknown),
                "allowed": ", ".join(f"{{{a}}}" for a in sorted(allowed)),
            },
        )


def fill(text: str, values: dict[str, object]) -> str:
    """Replace {name} placeholders by their values; anything else is left untouched."""
    return PLACEHOLDER.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text
    )


def template_for(key: str, call=None) -> tuple[str, str]:
    """Subject and body for this e-mail: the call's own, the general one, or the default."""
    if key not in DEFAULTS:
        raise KeyError(f"Unknown e-mail template {key!r}")
    candidates = EmailTemplate.objects.filter(key=key, call__in=[call] if call else []) | (
        EmailTemplate.objects.filter(key=key, call__isnull=True)
    )
    chosen = sorted(candidates, key=lambda t: t.call_id is None)
    if chosen:
        return chosen[0].subject, chosen[0].body
    return DEFAULTS[key].subject, DEFAULTS[key].body


def render(key: str, values: dict[str, object], call=None) -> tuple[str, str]:
    """The subject and body of an e-mail, filled with its values (for sending or preview)."""
    subject, body = template_for(key, call)
    return fill(subject, values).replace("\n", " "), fill(body, values)


def send(
    key: str,
    to: list[str],
    values: dict[str, object],
    call=None,
    attachments: list[dict] | None = None,
) -> OutboxMessage:
    """Render an e-mail template and queue it in the outbox (attachments: see domain.attachment)."""
    subject, body = render(key, values, call)
    return queue_email(to, subject, body, attachments)
