"""The demo's weekly bulletins: the running cohort's défis have written theirs for months."""

import datetime
import random

from django.utils import timezone

from .bulletins.models import Bulletin, Comment
from .bulletins.weeks import current_week, monday_of
from .challenges.models import Challenge
from .followup.actions import open_action
from .people.models import Role

DONE = [
    "Entretiens avec **six agents** du service instructeur : le parcours actuel est cartographié.",
    "Premier prototype de l'outil de recherche mis entre les mains de trois agents.",
    "Nettoyage du jeu de données historique (2015-2023) et premiers indicateurs.",
    "Atelier de co-conception avec les usagers ; compte rendu partagé sur le wiki.",
    "Mise en production de la première version, derrière l'authentification de l'administration.",
    "Revue de code avec l'équipe informatique du ministère et ouverture du dépôt public.",
]
NEXT = [
    "Tester le prototype avec un deuxième service.",
    "Préparer la démonstration au comité de pilotage.",
    "Automatiser l'import quotidien des données.",
    "Rédiger la documentation d'installation.",
    "Mesurer l'usage des deux premières semaines.",
]
HELP = [
    "Nous attendons depuis trois semaines l'accès aux données de production.",
    "Il nous faut un interlocuteur juridique pour l'analyse d'impact (AIPD).",
    "Qui connaît un hébergeur qualifié SecNumCloud pour la suite ?",
]
MOODS = [m for m, _ in Bulletin.Mood.choices]


def write(cohort, team, rng: random.Random, now: datetime.datetime) -> int:
    """Weekly bulletins of the cohort's défis since it started: some weeks missing, one défi
    silent for a month, some shared, a few asking for help (answered), this week's draft of
    one défi. Returns how many bulletins were written."""
    challenges = list(Challenge.objects.filter(cohort=cohort).order_by("title"))
    if not challenges or cohort.start_date is None:
        return 0
    authors = {}
    for challenge_id, user_id in (
        Role.objects.filter(
            kind=Role.Kind.FELLOW, challenge__in=challenges, person__user__isnull=False
        )
        .order_by("pk")
        .values_list("challenge_id", "person__user_id")
    ):
        authors.setdefault(challenge_id, user_id)
    this_week = current_week(now)
    weeks = []
    week = monday_of(cohort.start_date)
    while week < this_week:
        weeks.append(week)
        week += datetime.timedelta(days=7)
    weeks = weeks[-17:]  # about four months
    silent = challenges[-1]  # has published nothing for four weeks
    rows = []
    for challenge in challenges:
        for index, week in enumerate(weeks):
            if challenge == silent and index >= len(weeks) - 4:
                continue
            if rng.random() < 0.12:
                continue  # a week forgotten
            published = timezone.make_aware(
                datetime.datetime.combine(week + datetime.timedelta(days=4), datetime.time(17))
            )
            rows.append(
                Bulletin(
                    challenge=challenge,
                    week=week,
                    done=rng.choice(DONE),
                    next=rng.choice(NEXT),
                    help_needed=rng.choice(HELP) if rng.random() < 0.12 else "",
                    mood=rng.choice(MOODS) if rng.random() < 0.7 else "",
                    shared=rng.random() < 0.3,
                    published_at=published,
                    author_id=authors.get(challenge.pk),
                )
            )
    rows.append(
        Bulletin(
            challenge=challenges[0],
            week=this_week,
            done="Début de la semaine : reprise des entretiens.",
            author_id=authors.get(challenges[0].pk),
        )
    )
    Bulletin.objects.bulk_create(rows)
    asking = list(
        Bulletin.objects.filter(challenge__cohort=cohort)
        .exclude(help_needed="")
        .select_related("challenge")
        .order_by("-week", "challenge__title")[:3]
    )
    for number, bulletin in enumerate(asking):
        Comment.objects.create(
            bulletin=bulletin,
            author=team,
            text="Merci pour ce point. Nous vous mettons en relation cette semaine.",
            answers_help=True,
        )
        if number == 0:
            open_action(
                bulletin.challenge,
                "Mettre l'équipe en relation avec le délégué à la protection des données",
                team,
                bulletin.week + datetime.timedelta(days=21),
                team,
                bulletin=bulletin,
            )
    return len(rows)
