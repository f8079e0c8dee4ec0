"""A synthetic history of the programme, for the outcome benchmarks: cohorts that ended.

``build_history(cohorts, challenges_per_cohort, fellows_per_challenge)`` adds finished
cohorts, one a year back from last year, each with its défis (hosted by 150 administrations,
with themes, code and data links, key figures), fellows and a mentor per défi (people with
accounts), a sustainment history and its 6/12/24-month follow-ups, fellows' career steps and
consents, ten events with attendance, an anonymous exit survey with answers, a transfer
decree, and posts. Everything is bulk-created, so 20 cohorts of 50 défis and 3 fellows each
(the issue's 10-year history: 1 000 défis, 3 000 fellows) take seconds; the rows look like
what the pages build, and the search columns are filled as a save would fill them.
"""

from __future__ import annotations

import datetime
import hashlib
import random

from django.utils import timezone

SEED = 2026
ORGANISATIONS, THEMES = 150, 10
SITUATIONS_AFTER = [
    "host_administration", "host_administration", "other_administration", "public_sector",
    "private_sector", "private_sector", "own_company", "studies",
]  # fmt: skip
STATES = ["sustained"] * 5 + ["internalised"] * 2 + ["paused", "stopped", "stopped"]
BY = ["internal_team", "new_contract", "other_administration", "startup"]


def _bulk(model, rows, batch=1000):
    """Bulk-create ``rows`` (model instances), filling the search column like ``save``."""
    from cohorte.search import Searchable, search_text

    if issubclass(model, Searchable):
        for row in rows:
            row.search_text = search_text(*row.searched_values())
    return model.objects.bulk_create(rows, batch_size=batch)


def _through(field, pairs):
    """Bulk-create the rows of a many-to-many ``field`` from (source id, target id) pairs."""
    through = field.through
    source = field.field.m2m_field_name() + "_id"
    target = field.field.m2m_reverse_field_name() + "_id"
    through.objects.bulk_create(
        [through(**{source: a, target: b}) for a, b in pairs], batch_size=2000
    )


def build_history(
    cohorts=20, challenges_per_cohort=50, fellows_per_challenge=3, offset=0, seed=SEED
):
    """Add ``cohorts`` finished cohorts, ``offset`` years before the last ones; return counts."""
    from back_office_bench import set_up
    from django.contrib.auth import get_user_model

    from cohorte.alumni.models import AlumniProfile, CareerStep
    from cohorte.challenges.models import Challenge, ChallengeLink, KeyFigure, Theme
    from cohorte.content.models import Post
    from cohorte.events.models import Attendance, Event
    from cohorte.organisations.models import Organisation
    from cohorte.outcomes.models import FOLLOW_UP_MONTHS, FollowUp, Result, Sustainment
    from cohorte.people.models import Person, Role
    from cohorte.programmes.models import Cohort, Programme
    from cohorte.recruitment.models import TransferDecree
    from cohorte.surveys.models import Answer, Invitation, Question, Response, Survey

    rng = random.Random(seed + offset)
    today = timezone.localdate()
    programme, _ = Programme.objects.get_or_create(
        slug="eig", defaults={"name": "Entrepreneurs d'intérêt général", "short_name": "EIG"}
    )
    if programme.setup_completed_at is None:  # new, or made by the site's import
        set_up(programme)
    organisations = _bulk(
        Organisation,
        [
            Organisation(
                name=f"Administration historique {offset}-{i}", slug=f"adm-histoire-{offset}-{i}"
            )
            for i in range(ORGANISATIONS)
        ],
    )
    themes = _bulk(
        Theme,
        [
            Theme(name=f"Thème {offset}-{i}", slug=f"theme-histoire-{offset}-{i}")
            for i in range(THEMES)
        ],
    )
    first_year = today.year - 1 - offset
    cohort_rows = _bulk(
        Cohort,
        [
            Cohort(
                programme=programme, name=f"Promotion historique {first_year - i}",
                slug=f"promotion-historique-{first_year - i}", year=first_year - i,
                status=Cohort.Status.FINISHED, start_date=datetime.date(first_year - i, 1, 10),
                end_date=datetime.date(first_year - i, 11, 30),
            )
            for i in range(cohorts)
        ],
    )  # fmt: skip
    challenges = _bulk(
        Challenge,
        [
            Challenge(
                cohort=cohort, title=f"Défi historique {cohort.year}-{n}",
                slug=f"defi-historique-{cohort.year}-{n}", tagline="Un défi d'un autre temps",
                body="Le défi, ses données et ses usagers.", status=Challenge.Status.FINISHED,
                host_organisation=rng.choice(organisations), seats=fellows_per_challenge,
            )
            for cohort in cohort_rows
            for n in range(challenges_per_cohort)
        ],
    )  # fmt: skip
    _through(Challenge.themes, [(c.pk, rng.choice(themes).pk) for c in challenges])
    links = []
    for challenge in challenges:
        if rng.random() < 0.6:
            links.append(
                ChallengeLink(
                    challenge=challenge,
                    kind="code",
                    url=f"https://git.example.org/{challenge.slug}",
                )
            )
        if rng.random() < 0.3:
            links.append(
                ChallengeLink(
                    challenge=challenge,
                    kind="data",
                    url=f"https://data.example.org/{challenge.slug}",
                )
            )
    _bulk(ChallengeLink, links)
    _bulk(
        KeyFigure,
        [KeyFigure(challenge=c, amount=rng.randint(10, 9000), label="usagers") for c in challenges],
    )

    User = get_user_model()
    password = User().password  # unusable: nobody signs in as these people
    users, people, roles = [], [], []
    for challenge in challenges:
        for n in range(fellows_per_challenge + 1):
            username = f"h{challenge.pk}-{n}"
            users.append(
                User(username=username, email=f"{username}@histoire.example.org", password=password)
            )
            people.append(
                Person(
                    full_name=f"Personne {challenge.pk} {n}",
                    slug=f"personne-histoire-{challenge.pk}-{n}",
                    is_public=rng.random() < 0.8,
                )
            )
    users = _bulk(User, users)
    for user, person in zip(users, people, strict=True):
        person.user = user
    people = _bulk(Person, people)
    index = 0
    for challenge in challenges:
        for n in range(fellows_per_challenge + 1):
            kind = Role.Kind.OPERATIONAL_MENTOR if n == fellows_per_challenge else Role.Kind.FELLOW
            roles.append(
                Role(
                    person=people[index],
                    kind=kind,
                    cohort_id=challenge.cohort_id,
                    challenge=challenge,
                )
            )
            index += 1
    _bulk(Role, roles)

    ends = {cohort.pk: cohort.end_date for cohort in cohort_rows}
    sustainments, follow_ups, results = [], [], []
    for challenge in challenges:
        end = ends[challenge.cohort_id]
        results.append(
            Result(
                challenge=challenge,
                verdict=rng.choice(["achieved", "achieved", "partly", "not_achieved"]),
            )
        )
        for months in FOLLOW_UP_MONTHS:
            due = _months_after(end, months)
            answered = due <= today and rng.random() < 0.85
            follow_ups.append(
                FollowUp(
                    challenge=challenge, months=months, due_on=due,
                    token_hash=hashlib.sha256(f"{challenge.pk}-{months}".encode()).hexdigest(),
                    sent_at=timezone.now() if due <= today else None,
                    answered_at=timezone.now() if answered else None,
                )
            )  # fmt: skip
            if answered:
                state = rng.choice(STATES)
                sustainments.append(
                    Sustainment(
                        challenge=challenge, state=state, since=due,
                        by=rng.choice(BY) if state == "sustained" else "",
                        product_url=f"https://{challenge.slug}.example.gouv.fr",
                    )
                )  # fmt: skip
    _bulk(Result, results)
    _bulk(FollowUp, follow_ups)
    _bulk(Sustainment, sustainments)

    fellow_roles = [role for role in roles if role.kind == Role.Kind.FELLOW]
    fellows = [role.person for role in fellow_roles]
    steps, profiles = [], []
    for role in fellow_roles:
        end = ends[role.cohort_id]
        for months in (1, rng.choice([7, 13, 30])):
            since = _months_after(end, months)
            if since <= today:
                steps.append(
                    CareerStep(
                        person=role.person, situation=rng.choice(SITUATIONS_AFTER), since=since
                    )
                )
        if rng.random() < 0.6:
            profiles.append(
                AlumniProfile(
                    person=role.person,
                    in_directory=rng.random() < 0.5,
                    path_public=rng.random() < 0.5,
                )
            )
    _bulk(CareerStep, steps)
    _bulk(AlumniProfile, profiles)

    events, attendances, fellow_users = [], [], {}
    for role in fellow_roles:
        fellow_users.setdefault(role.cohort_id, []).append(role.person.user_id)
    for cohort in cohort_rows:
        start = _moment(cohort.year, 2, 1, 9)
        for month in range(10):
            events.append(
                Event(
                    cohort=cohort, kind=Event.Kind.MONTHLY, title=f"Session {month + 1}",
                    format=Event.Format.ON_SITE, place="Ségur", audience=Event.Audience.FELLOWS,
                    mandatory=True, starts_at=start + datetime.timedelta(days=30 * month),
                    ends_at=start + datetime.timedelta(days=30 * month, hours=3),
                )
            )  # fmt: skip
    events = _bulk(Event, events)
    for event in events:
        for user_id in fellow_users.get(event.cohort_id, []):
            if rng.random() < 0.8:
                attendances.append(Attendance(event=event, user_id=user_id))
    _bulk(Attendance, attendances, batch=5000)

    surveys = _bulk(
        Survey,
        [
            Survey(
                cohort=cohort, title=f"Questionnaire de sortie {cohort.year}",
                audience="fellows", anonymous=True, closes_at=_moment(cohort.year, 12, 31),
                sent_at=_moment(cohort.year, 12, 1),
            )
            for cohort in cohort_rows
        ],
    )  # fmt: skip
    questions = _bulk(
        Question,
        [
            Question(survey=s, kind="scale", label="Recommanderiez-vous le programme ?")
            for s in surveys
        ],
    )
    invitations, responses, answers = [], [], []
    for survey, question in zip(surveys, questions, strict=True):
        for user_id in fellow_users.get(survey.cohort_id, []):
            answered = rng.random() < 0.7
            invitations.append(
                Invitation(survey=survey, email=f"u{user_id}@histoire.example.org",
                           token_hash=hashlib.sha256(f"s{survey.pk}-{user_id}".encode()).hexdigest(),
                           sent_at=survey.sent_at, answered=answered)
            )  # fmt: skip
            if answered:
                response = Response(survey=survey)
                responses.append(response)
                answers.append(
                    Answer(response=response, question=question, number=rng.randint(1, 5))
                )
    _bulk(Invitation, invitations)
    _bulk(Response, responses)
    _bulk(Answer, answers)

    _bulk(
        TransferDecree,
        [
            TransferDecree(cohort=cohort, stage=TransferDecree.Stage.TRANSFERRED,
                           drafted_on=datetime.date(cohort.year, 3, 1),
                           transferred_on=datetime.date(cohort.year, 9, 1),
                           signed_total=challenges_per_cohort * 30000)
            for cohort in cohort_rows
        ],
    )  # fmt: skip
    _bulk(
        Post,
        [
            Post(
                title=f"Nouvelles de la promotion {cohort.year} ({n})",
                slug=f"histoire-{cohort.year}-{n}", published_at=_moment(cohort.year, 6, 1 + n),
                description="Un résumé.", body="Le texte.",
            )
            for cohort in cohort_rows
            for n in range(10)
        ],
    )  # fmt: skip
    return {
        "cohorts": len(cohort_rows),
        "challenges": len(challenges),
        "fellows": len(fellows),
        "sustainments": len(sustainments),
        "career steps": len(steps),
        "attendances": len(attendances),
        "responses": len(responses),
    }


def _months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the 28th at most, so every month has it)."""
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def _moment(*parts) -> datetime.datetime:
    """An aware datetime in the site's time zone."""
    return timezone.make_aware(datetime.datetime(*parts))
