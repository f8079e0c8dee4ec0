"""The demo's running cohort followed month by month: check-ins with their météo and
actions, milestones and key figures, some published on the défis' public pages.

Written through the domain functions the pages use (their log entries included). The
first défi is at risk at its last two check-ins and has an action late by more than a
month: the dashboard shows its alerts.
"""

import datetime
import random
from decimal import Decimal

from .followup import checkins, figures, milestones
from .followup.models import Action, Milestone, Need, Weather

PROGRESS = [
    "Les premiers entretiens avec les agents sont faits ; le prototype est présenté au service.",
    "L'outil tourne sur un jeu de données de test ; les retours des agents sont positifs.",
    "La deuxième version est en recette auprès de deux services pilotes.",
    "Les données de production arrivent chaque semaine ; le tableau de bord est utilisé.",
]
BLOCKERS = [
    "",
    "La convention d'accès aux données n'est pas encore signée.",
    "L'hébergement de production attend la validation de la sécurité.",
    "Un recrutement dans l'équipe métier a pris du retard.",
]
ACTIONS = [
    "Relancer la direction juridique sur la convention",
    "Organiser une démonstration pour la direction",
    "Préparer la demande d'hébergement",
    "Écrire l'article de présentation du défi",
]


def _weathers(index: int, count: int, rng: random.Random) -> list[str]:
    if index == 0:  # at risk, then blocked: the dashboard's alert
        worsening = [Weather.ON_TRACK] * count + [Weather.AT_RISK, Weather.BLOCKED]
        return worsening[len(worsening) - count :]
    choices = [Weather.ON_TRACK] * 4 + [Weather.AT_RISK]
    return [rng.choice(choices) for _ in range(count)]


def follow(cohort, team, rng: random.Random, now: datetime.datetime) -> int:
    """Follow ``cohort``'s défis from its start to ``now``; returns the check-ins written."""
    today = now.date()
    days = [
        cohort.start_date + datetime.timedelta(days=20 + 30 * month)
        for month in range(12)
        if cohort.start_date + datetime.timedelta(days=20 + 30 * month) <= today
    ]
    written = 0
    for index, challenge in enumerate(cohort.challenges.order_by("title", "pk")):
        for month, (day, weather) in enumerate(
            zip(days, _weathers(index, len(days), rng), strict=True)
        ):
            values = {
                "held_on": day,
                "weather": weather,
                "progress": PROGRESS[min(month, len(PROGRESS) - 1)],
                "blockers": "" if weather == Weather.ON_TRACK else rng.choice(BLOCKERS[1:]),
                "needs": rng.sample(Need.values, rng.randrange(0, 3)),
                "decisions": "Point suivant dans un mois.",
            }
            action = {
                "title": ACTIONS[(index + month) % len(ACTIONS)],
                "owner": team,
                "due_on": day + datetime.timedelta(days=21),
            }
            checkins.write(challenge, values, [action], team, today)
            written += 1
        # Earlier actions are done, but on the first défi (one left late) and the last month's.
        for action in Action.objects.filter(challenge=challenge, due_on__lt=today).order_by(
            "due_on"
        ):
            late_on_purpose = index == 0 and action.due_on < today - datetime.timedelta(days=45)
            if not late_on_purpose and rng.random() < 0.8:
                checkins.mark_done(action, team, min(action.due_on, today))
        _milestones(challenge, index, team, today)
        _figures(challenge, index, team, days, rng, today)
    return written


def _milestones(challenge, index, team, today):
    start = challenge.cohort.start_date
    first_users = {
        "kind": Milestone.Kind.FIRST_USERS, "title": "Premiers agents utilisateurs",
        "due_on": start + datetime.timedelta(days=90), "status": Milestone.Status.DONE,
        "done_on": start + datetime.timedelta(days=85), "evidence_url": "", "licence": "",
    }  # fmt: skip
    code = {
        "kind": Milestone.Kind.CODE_PUBLISHED, "title": "Code publié sous licence libre",
        "due_on": start + datetime.timedelta(days=120),
        "status": Milestone.Status.DONE if index % 2 else Milestone.Status.IN_PROGRESS,
        "done_on": start + datetime.timedelta(days=110) if index % 2 else None,
        "evidence_url": f"https://git.example.gouv.fr/eig/{challenge.slug}" if index % 2 else "",
        "licence": "EUPL-1.2" if index % 2 else "",
    }  # fmt: skip
    production = {
        "kind": Milestone.Kind.IN_PRODUCTION, "title": "Mise en production",
        "due_on": start + datetime.timedelta(days=200), "status": Milestone.Status.PLANNED,
        "done_on": None, "evidence_url": "", "licence": "",
    }  # fmt: skip
    for values in (first_users, code, production):
        milestone = milestones.save(challenge, values, team, today)
        if milestone.status == Milestone.Status.DONE and index % 3 == 1:
            milestones.publish(milestone, team)


def _figures(challenge, index, team, days, rng, today):
    users = 10 + 5 * index
    for day in days:
        users += rng.randrange(5, 40)
        figures.record_reading(challenge, "agents utilisateurs", Decimal(users), day, team, today)
    if days and index % 3 == 1:
        figures.publish(challenge, "agents utilisateurs", team)
