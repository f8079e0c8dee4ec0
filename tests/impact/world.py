"""A hand-built world whose impact figures are known exactly (see the tests' expectations).

Three cohorts: Promotion 4 ended 30/11/2025 (12 months passed on TODAY), Promotion 5 ended
30/11/2026 (6 months passed, not 12), Promotion 6 runs until 30/11/2027.

- Promotion 4: "Signaux faibles" (host DGFiP, theme Santé) sustained since 15/12/2025;
  "Brigade numérique" (host Gendarmerie) stopped at 8 months (30/07/2026) then sustained at
  14 (30/01/2027): not sustained at 12; "Sans suivi" (host DGFiP) without any state; a draft
  (host ANCT) sustained, which never counts. Fellows: Camille (public at 6, private at 12),
  Alex (another administration since 01/01/2026), Léa (no career step). One event held with
  two present, one cancelled with one present; a transferred decree of 120 000 €; a survey
  sent to three people (a fourth invitation not sent), two answers.
- Promotion 5: "Cadastre" (host Cerema) sustained; Noé, in studies since 15/12/2026.
- Promotion 6: "Forêts" (host DGFiP); Sacha, fellow; one event held with one present, one
  to come; a signed (not transferred) decree of 50 000 €.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from cohorte.alumni.models import CareerStep, Situation
from cohorte.challenges.models import Challenge, ChallengeLink
from cohorte.events.models import Attendance, Event
from cohorte.outcomes.models import Sustainment
from cohorte.people.models import Role
from cohorte.programmes.models import Cohort
from cohorte.recruitment.models import TransferDecree
from cohorte.surveys.models import Invitation, Response, Survey
from tests.factories import (
    ChallengeFactory,
    CohortFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    RoleFactory,
    ThemeFactory,
    UserFactory,
)

TODAY = datetime.date(2027, 6, 15)
NOW = datetime.datetime(2027, 6, 15, 10, tzinfo=datetime.UTC)
S = Sustainment.State


@dataclass
class ImpactWorld:
    fourth: Cohort
    fifth: Cohort
    sixth: Cohort
    challenges: dict
    organisations: dict
    theme: object
    people: dict


def _moment(day: datetime.date, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _event(cohort, title, day, cancelled=False):
    return Event.objects.create(
        cohort=cohort,
        kind=Event.Kind.MONTHLY,
        title=title,
        format=Event.Format.REMOTE,
        starts_at=_moment(day, 9),
        ends_at=_moment(day, 12),
        audience=Event.Audience.BOTH,
        cancelled_at=_moment(day, 8) if cancelled else None,
    )


def build_impact_world() -> ImpactWorld:
    programme = ProgrammeFactory()
    fourth = CohortFactory(
        programme=programme, number=4, year=2024, end_date=datetime.date(2025, 11, 30)
    )
    fifth = CohortFactory(
        programme=programme, number=5, year=2025, end_date=datetime.date(2026, 11, 30)
    )
    sixth = CohortFactory(
        programme=programme,
        number=6,
        year=2026,
        end_date=datetime.date(2027, 11, 30),
        status=Cohort.Status.RUNNING,
    )
    orgs = {
        name: OrganisationFactory(name=name)
        for name in ("DGFiP", "Gendarmerie nationale", "Cerema", "ANCT")
    }
    health = ThemeFactory(name="Santé", slug="sante")
    challenges = {
        "signaux": ChallengeFactory(
            cohort=fourth, title="Signaux faibles", host_organisation=orgs["DGFiP"]
        ),
        "brigade": ChallengeFactory(
            cohort=fourth,
            title="Brigade numérique",
            host_organisation=orgs["Gendarmerie nationale"],
        ),
        "sans_suivi": ChallengeFactory(
            cohort=fourth, title="Sans suivi", host_organisation=orgs["DGFiP"]
        ),
        "brouillon": ChallengeFactory(
            cohort=fourth,
            title="Brouillon",
            host_organisation=orgs["ANCT"],
            status=Challenge.Status.DRAFT,
        ),
        "cadastre": ChallengeFactory(
            cohort=fifth, title="Cadastre", host_organisation=orgs["Cerema"]
        ),
        "forets": ChallengeFactory(cohort=sixth, title="Forêts", host_organisation=orgs["DGFiP"]),
    }
    challenges["signaux"].themes.add(health)
    c = challenges
    for key, state, since in [
        ("signaux", S.SUSTAINED, datetime.date(2025, 12, 15)),
        ("brigade", S.STOPPED, datetime.date(2026, 7, 30)),
        ("brigade", S.SUSTAINED, datetime.date(2027, 1, 30)),
        ("brouillon", S.SUSTAINED, datetime.date(2025, 12, 1)),
        ("cadastre", S.SUSTAINED, datetime.date(2026, 12, 1)),
    ]:
        Sustainment.objects.create(challenge=c[key], state=state, since=since)
    for key, kind, url in [
        ("signaux", ChallengeLink.Kind.CODE, "https://github.com/signaux-faibles/app"),
        ("signaux", ChallengeLink.Kind.DATA, "https://www.data.gouv.fr/signaux"),
        ("brigade", ChallengeLink.Kind.CODE, "https://gitlab.com/brigade/app"),
        ("brigade", ChallengeLink.Kind.OTHER, "https://brigade.example.org"),
        ("brouillon", ChallengeLink.Kind.CODE, "https://github.com/anct/brouillon"),
    ]:
        ChallengeLink.objects.create(challenge=c[key], kind=kind, url=url)

    def fellow(name, key):
        user = UserFactory(first_name=name.split()[0], last_name=name.split()[1])
        person = PersonFactory(full_name=name, user=user)
        RoleFactory(person=person, challenge=c[key], kind=Role.Kind.FELLOW)
        return person

    people = {
        "camille": fellow("Camille Roux", "signaux"),
        "alex": fellow("Alex Petit", "brigade"),
        "lea": fellow("Léa Éluard", "sans_suivi"),
        "noe": fellow("Noé Garnier", "cadastre"),
        "sacha": fellow("Sacha Martin", "forets"),
    }
    # A mentor is no fellow.
    RoleFactory(challenge=c["signaux"], kind=Role.Kind.OPERATIONAL_MENTOR)
    for key, situation, since in [
        ("camille", Situation.HOST_ADMINISTRATION, datetime.date(2025, 12, 1)),
        ("camille", Situation.PRIVATE_SECTOR, datetime.date(2026, 8, 1)),
        ("alex", Situation.OTHER_ADMINISTRATION, datetime.date(2026, 1, 1)),
        ("noe", Situation.STUDIES, datetime.date(2026, 12, 15)),
    ]:
        CareerStep.objects.create(person=people[key], situation=situation, since=since)

    held = _event(fourth, "Session de mars", datetime.date(2025, 3, 10))
    cancelled = _event(fourth, "Session annulée", datetime.date(2025, 4, 10), cancelled=True)
    later = _event(sixth, "Session de mars", datetime.date(2027, 3, 10))
    _event(sixth, "Session de septembre", datetime.date(2027, 9, 10))
    for event in (held, held, cancelled, later):
        Attendance.objects.create(event=event, user=UserFactory())

    TransferDecree.objects.create(
        cohort=fourth,
        stage=TransferDecree.Stage.TRANSFERRED,
        drafted_on=datetime.date(2024, 3, 1),
        signed_total=Decimal("120000.00"),
    )
    TransferDecree.objects.create(
        cohort=sixth,
        stage=TransferDecree.Stage.SIGNED,
        drafted_on=datetime.date(2026, 3, 1),
        signed_total=Decimal("50000.00"),
    )
    survey = Survey.objects.create(
        cohort=fourth,
        title="Bilan de la promotion 4",
        audience=Survey.Audience.FELLOWS,
        closes_at=_moment(datetime.date(2025, 12, 20)),
    )
    for number in range(4):
        invitation = Invitation.objects.create(
            survey=survey,
            email=f"eig{number}@example.org",
            token_hash=f"{number:064d}",
            sent_at=timezone.now() if number < 3 else None,
        )
        if number < 2:
            Response.objects.create(survey=survey)
            invitation.answered = True
            invitation.save()
    return ImpactWorld(fourth, fifth, sixth, challenges, orgs, health, people)
