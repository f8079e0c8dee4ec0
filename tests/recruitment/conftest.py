"""A cohort in recruitment: two défis hosted by two administrations, three fellows, the
people around them (team, director, host members, the fellow, a mentor, a candidate)."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType

from cohorte.accounts.roles import add_to_preinstruction, add_to_team
from cohorte.audit.models import ActivityLog
from cohorte.people.models import Role
from cohorte.programmes.models import Cohort
from cohorte.recruitment import onboarding
from tests.factories import (
    ChallengeFactory,
    CohortFactory,
    FundingRulesFactory,
    OrganisationMemberFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

START, END = datetime.date(2027, 1, 4), datetime.date(2027, 11, 30)


def actions(subject) -> list[tuple]:
    """The activity log's entries about ``subject``: (action, data), oldest first."""
    return list(
        ActivityLog.objects.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk)
        )
        .order_by("pk")
        .values_list("action", "data")
    )


def contract_terms(recruitment, **changes):
    """A valid contract for the cohort, with ``changes``."""
    from decimal import Decimal

    from cohorte.recruitment.contracts import Terms
    from cohorte.recruitment.models import Contract

    values = {
        "employer": "Direction générale de la santé",
        "kind": Contract.Kind.PROJECT,
        "start_date": START,
        "end_date": datetime.date(2027, 10, 31),
        "salary_band": recruitment.junior,
        "employer_cost": Decimal("68000.00"),
        "arrival_date": datetime.date(2027, 1, 11),
    }
    return Terms(**{**values, **changes})


@dataclass
class Recruitment:
    cohort: object
    junior: object
    senior: object
    host: object
    other_host: object
    fellow: object  # Role of Camille, on the first défi
    second: object  # another fellow of the first défi
    elsewhere: object  # a fellow of the other administration's défi
    users: dict


@pytest.fixture
def recruitment():
    """Needs the database (the tests mark it, transactional in the browser)."""
    cohort = CohortFactory(
        name="Promotion 11", status=Cohort.Status.RUNNING, start_date=START, end_date=END
    )
    rules = FundingRulesFactory(cohort=cohort)
    junior, senior = rules.bands.order_by("order")
    first = ChallengeFactory(cohort=cohort, title="Données de santé")
    other = ChallengeFactory(cohort=cohort, title="Cadastre ouvert")
    fellow_user = UserFactory(username="camille", first_name="Camille", last_name="Roux")
    fellow = RoleFactory(
        challenge=first,
        person=PersonFactory(full_name="Camille Roux", slug="camille-roux", user=fellow_user),
    )
    second = RoleFactory(challenge=first, person=PersonFactory(full_name="Alex Petit"))
    elsewhere = RoleFactory(challenge=other, person=PersonFactory(full_name="Léa Éluard"))
    users = {
        "team": UserFactory(username="equipe"),
        "director": UserFactory(username="direction"),
        "host": OrganisationMemberFactory(organisation=first.host_organisation).user,
        "other_host": OrganisationMemberFactory(organisation=other.host_organisation).user,
        "fellow": fellow_user,
        "mentor": UserFactory(username="mentor"),
        "preinstructor": UserFactory(username="preinstruction"),
        "candidate": UserFactory(username="candidat"),
    }
    add_to_team(users["team"])
    add_to_team(users["director"], director=True)
    add_to_preinstruction(users["preinstructor"])
    RoleFactory(
        kind=Role.Kind.OPERATIONAL_MENTOR,
        challenge=first,
        person=PersonFactory(full_name="Mentor", user=users["mentor"]),
    )
    onboarding.add_default_items(cohort, users["team"])
    return Recruitment(
        cohort, junior, senior, first.host_organisation, other.host_organisation,
        fellow, second, elsewhere, users,
    )  # fmt: skip
