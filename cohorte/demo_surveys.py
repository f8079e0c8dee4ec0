"""The demo's exit surveys: the finished cohort (Promotion 8) asked at its end.

An anonymous survey of its fellows, sent on its last day, about 70 % answered, and a named
survey of its mentors, partly answered; each has a question of every kind. Written through
the domain functions the pages use (the outbox e-mails and log entries included). The
cohort's people get a contact address when they have none (example.org: nothing is sent).
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from .people.models import Person, Role
from .people.teams import MENTOR_KINDS
from .surveys import domain
from .surveys.models import Question, Survey

FELLOW_QUESTIONS = [
    ("scale", "Le programme vous a-t-il aidé·e à mener votre défi ?", []),
    ("yes_no", "Recommanderiez-vous le programme à un·e ami·e ?", []),
    ("single", "Où travaillez-vous après le programme ?", [
        "Dans mon administration d'accueil", "Dans une autre administration",
        "Dans le privé", "En recherche",
    ]),
    ("multiple", "Qu'est-ce qui vous a le plus servi ?", [
        "Le mentorat", "Les sessions collectives", "La promotion", "Le bootcamp",
    ]),
    ("number", "Combien d'agents utilisent le service que vous avez construit ?", []),
    ("text", "Un conseil pour la prochaine promotion ?", []),
]  # fmt: skip
MENTOR_QUESTIONS = [
    ("scale", "Le défi a-t-il répondu aux attentes de votre administration ?", []),
    ("yes_no", "Votre administration accueillera-t-elle un nouveau défi ?", []),
    ("single", "Le service construit est-il maintenu ?", [
        "Oui, par une équipe interne", "Oui, par un prestataire", "Non",
    ]),
    ("multiple", "Quels apports retenez-vous ?", [
        "Des méthodes de travail", "Des compétences", "Un service en production",
    ]),
    ("number", "Combien de jours par mois avez-vous consacrés au défi ?", []),
    ("text", "Que faudrait-il changer ?", []),
]  # fmt: skip
ADVICE = [
    "Rencontrer les agents dès la première semaine.",
    "Publier le code tôt, même imparfait.",
    "Demander l'accès aux données avant le bootcamp.",
    "Prendre le temps de documenter pour la reprise.",
    "Montrer le service tous les mois à la direction.",
]
CHANGES = [
    "Un point d'étape de plus avec la direction au milieu du programme.",
    "Préparer plus tôt la reprise du service.",
    "Associer la DSI dès le recrutement.",
]


def _with_addresses(cohort, kinds) -> None:
    people = Person.objects.filter(roles__cohort=cohort, roles__kind__in=kinds, email="").distinct()
    for person in people:
        person.email = f"{slugify(person.full_name)}@example.org"
        person.save(update_fields=["email"])


def _survey(cohort, team, title, audience, anonymous, questions, sent_at) -> Survey:
    survey = domain.save_survey(
        Survey(cohort=cohort),
        {
            "title": title,
            "intro": "Quelques minutes pour nous aider à **améliorer le programme**.",
            "audience": audience,
            "anonymous": anonymous,
            "closes_at": sent_at + datetime.timedelta(days=30),
        },
        team,
    )
    for kind, label, choices in questions:
        values = {"kind": kind, "label": label, "choices": choices, "required": kind != "text"}
        domain.save_question(survey, None, values, team)
    domain.send(survey, team, sent_at)
    return survey


def _values(survey, rng: random.Random, texts) -> dict:
    values = {}
    for question in survey.questions.all():
        kind = question.kind
        if kind == Question.Kind.SCALE:
            values[question.pk] = rng.choice([3, 4, 4, 5, 5])
        elif kind == Question.Kind.YES_NO:
            values[question.pk] = "oui" if rng.random() < 0.85 else "non"
        elif kind == Question.Kind.SINGLE:
            values[question.pk] = rng.choice(question.choices)
        elif kind == Question.Kind.MULTIPLE:
            values[question.pk] = rng.sample(question.choices, rng.randint(1, 2))
        elif kind == Question.Kind.NUMBER:
            values[question.pk] = Decimal(rng.randrange(2, 400))
        elif rng.random() < 0.7:
            values[question.pk] = rng.choice(texts)
    return values


def _answers(survey, share: float, rng: random.Random, texts, sent_at) -> int:
    invitations = list(survey.invitations.order_by("email"))
    count = round(len(invitations) * share)
    for invitation in rng.sample(invitations, count):
        moment = sent_at + datetime.timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 8))
        domain.answer_as(invitation, _values(survey, rng, texts), moment)
    return count


def exit_surveys(cohort, team, rng: random.Random) -> dict[str, int]:
    """Both surveys of the finished cohort; returns how many answered each."""
    last_day = cohort.end_date or timezone.localdate()
    sent_at = timezone.make_aware(datetime.datetime.combine(last_day, datetime.time(10)))
    _with_addresses(cohort, [Role.Kind.FELLOW, *MENTOR_KINDS])
    fellows = _survey(
        cohort, team, f"Bilan de fin de programme — {cohort.name}", Survey.Audience.FELLOWS,
        True, FELLOW_QUESTIONS, sent_at,
    )  # fmt: skip
    mentors = _survey(
        cohort, team, f"Bilan des mentors — {cohort.name}", Survey.Audience.MENTORS,
        False, MENTOR_QUESTIONS, sent_at,
    )  # fmt: skip
    return {
        "fellows": _answers(fellows, 0.7, rng, ADVICE, sent_at),
        "mentors": _answers(mentors, 0.45, rng, CHANGES, sent_at),
    }
