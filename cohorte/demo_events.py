"""The demo's support programme for the running cohort: past sessions with their attendance,
excuses and feedback, and the sessions to come with their first registrations."""

import datetime
import random

from django.utils import timezone

from cohorte.events import programme as events_programme
from cohorte.events.audience import audience_users
from cohorte.events.models import (
    Attendance,
    Event,
    Feedback,
    FeedbackAnswered,
    Material,
    Registration,
)
from cohorte.people.models import Person, Role

PLACE = "Ségur, 20 avenue de Ségur, 75007 Paris — salle 3"
VISIO = "https://webinaire.numerique.gouv.fr/eig-promotion"
K, F, A = Event.Kind, Event.Format, Event.Audience
# (days after the start, hour, hours long, kind, title, theme, format, audience, mandatory)
SESSIONS = [
    (
        0,
        9,
        8,
        K.INTEGRATION,
        "Semaine d'intégration",
        "Le programme et ses défis",
        F.ON_SITE,
        A.BOTH,
        True,
    ),
    (
        15,
        9,
        8,
        K.BOOTCAMP,
        "Bootcamp",
        "Travailler dans l'administration",
        F.ON_SITE,
        A.FELLOWS,
        True,
    ),
    (
        30,
        14,
        3,
        K.MONTHLY,
        "Session collective — mois 1",
        "Les premiers utilisateurs",
        F.HYBRID,
        A.FELLOWS,
        True,
    ),
    (45, 10, 2, K.WORKSHOP, "Atelier recherche utilisateur", "Design", F.REMOTE, A.FELLOWS, False),
    (
        60,
        14,
        3,
        K.MONTHLY,
        "Session collective — mois 2",
        "Ouvrir les données",
        F.HYBRID,
        A.FELLOWS,
        True,
    ),
    (
        75,
        9,
        6,
        K.SEMINAR,
        "Séminaire des mentors",
        "Porter un produit numérique",
        F.ON_SITE,
        A.MENTORS,
        False,
    ),
    (
        90,
        14,
        3,
        K.MONTHLY,
        "Session collective — mois 3",
        "Mesurer l'impact",
        F.HYBRID,
        A.FELLOWS,
        True,
    ),
    (
        120,
        14,
        3,
        K.MONTHLY,
        "Session collective — mois 4",
        "Faire durer le produit",
        F.HYBRID,
        A.FELLOWS,
        True,
    ),
    (
        133,
        12,
        1,
        K.OFFICE_HOURS,
        "Permanence juridique",
        "Données personnelles",
        F.REMOTE,
        A.BOTH,
        False,
    ),
    (140, 10, 3, K.WORKSHOP, "Atelier data visualisation", "Données", F.ON_SITE, A.FELLOWS, False),
    (
        150,
        14,
        3,
        K.MONTHLY,
        "Session collective — mois 5",
        "Raconter son défi",
        F.HYBRID,
        A.FELLOWS,
        True,
    ),
    (
        300,
        9,
        8,
        K.DEMO_DAY,
        "Demo day",
        "Les défis présentent leurs résultats",
        F.HYBRID,
        A.BOTH,
        True,
    ),
]
EXCUSES = ["Comité de pilotage ce jour-là.", "En congé.", "Déplacement sur le terrain."]
USEFUL = ["Les retours des autres EIG.", "Des méthodes à réutiliser tout de suite.", ""]
IMPROVE = ["Plus de temps pour échanger.", "", "Des supports envoyés à l'avance."]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _weekday(day: datetime.date) -> datetime.date:
    """The day itself, or the Monday after a week-end: the programme meets on working days."""
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _demo_mentor(cohort) -> None:
    # The demo's mentor account also supports a running défi, so that it has a programme.
    person = Person.objects.filter(user__username="mentor").first()
    challenge = cohort.challenges.order_by("title").first()
    if person and challenge:
        Role.objects.get_or_create(
            person=person, kind=Role.Kind.SENIOR_MENTOR, cohort=cohort, challenge=challenge
        )


def _fellow_accounts(cohort) -> None:
    # Attendance is kept per account: the running cohort's fellows get one (no password).
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    for person in Person.objects.filter(
        roles__kind=Role.Kind.FELLOW, roles__cohort=cohort, user__isnull=True
    ).order_by("slug"):
        first, _sep, last = person.full_name.partition(" ")
        username = f"eig-{person.slug}"
        user = get_user_model().objects.create_user(
            username, f"{username}@demo.cohorte.local", None, first_name=first, last_name=last
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        person.user = user
        person.save(update_fields=["user"])


def programme(cohort, team, rng: random.Random, now) -> int:
    """Build the cohort's programme as if lived up to ``now``; returns the events."""
    _demo_mentor(cohort)
    _fellow_accounts(cohort)
    start = cohort.start_date or now.date()
    count = 0
    for days, hour, hours, kind, title, theme, fmt, audience, mandatory in SESSIONS:
        starts = _at(_weekday(start + datetime.timedelta(days=days)), hour)
        event = events_programme.save_event(
            Event(
                cohort=cohort, kind=kind, title=title, theme=theme, format=fmt,
                place=PLACE if fmt != F.REMOTE else "",
                video_link=VISIO if fmt != F.ON_SITE else "",
                starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours),
                audience=audience, mandatory=mandatory,
                capacity=15 if kind == K.WORKSHOP else None,
            ),
            challenges=[], profiles=[], people=[],
            external=[("Claire Dupont", "DINUM")] if kind == K.WORKSHOP else [],
            actor=team,
        )  # fmt: skip
        count += 1
        _answers(event, rng, now)
    return count


def _answers(event, rng: random.Random, now) -> None:
    people = list(audience_users(event))
    past = event.ends_at <= now
    seats = event.capacity or len(people)
    for user in people:
        roll = rng.random()
        if roll < 0.1:
            Registration.objects.create(
                event=event, user=user, state=Registration.State.EXCUSED,
                reason=rng.choice(EXCUSES),
            )  # fmt: skip
            continue
        if (past and roll < 0.9) or (not past and roll < 0.6):
            if seats <= 0:
                continue
            seats -= 1
            Registration.objects.create(event=event, user=user, state=Registration.State.REGISTERED)
            if past and roll < 0.85:
                Attendance.objects.create(event=event, user=user)
                if rng.random() < 0.4:
                    anonymous = rng.random() < 0.5
                    FeedbackAnswered.objects.create(event=event, user=user)
                    Feedback.objects.create(
                        event=event, user=None if anonymous else user,
                        rating=rng.choice([3, 4, 4, 5, 5]),
                        useful=rng.choice(USEFUL), improve=rng.choice(IMPROVE),
                    )  # fmt: skip
    if past and event.kind in (K.WORKSHOP, K.MONTHLY):
        Material.objects.create(
            event=event, title="Diaporama", url=f"https://exemple.gouv.fr/supports/{event.pk}.pdf"
        )
    if past:
        # Reminders of past events went out at the time.
        Event.objects.filter(pk=event.pk).update(reminded_at=event.starts_at)
