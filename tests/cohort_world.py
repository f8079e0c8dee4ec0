"""A running cohort and everyone around it, for the pages of the cohort's life.

Two défis of the same cohort hosted by two administrations; on the first, two fellows and
an operational mentor; on the second, one fellow and a senior mentor; a fellow of another
cohort; the team, the director, an EIG Link fellow, the first host's HR contact, a
pre-instructor, a candidate and a stranger. ``users`` names each account by its role.
"""

import datetime
from dataclasses import dataclass

import pytest

from cohorte.accounts.roles import add_to_link, add_to_preinstruction, add_to_team
from cohorte.people.models import Role
from cohorte.programmes.models import Cohort
from tests.factories import (
    ChallengeFactory,
    CohortFactory,
    OrganisationMemberFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

START, END = datetime.date(2027, 1, 4), datetime.date(2027, 11, 30)
# Every role a page of the cohort's life is tested for.
ROLES = (
    "team", "director", "link", "fellow", "second_fellow", "other_fellow", "mentor",
    "senior_mentor", "hr", "other_cohort_fellow", "preinstructor", "candidate", "stranger",
)  # fmt: skip


@dataclass
class CohortWorld:
    cohort: object
    other_cohort: object
    first: object  # défi of Camille and Alex, mentored by Morgane
    second: object  # défi of Léa, mentored by Sacha
    users: dict


def _member(kind, challenge, full_name, username):
    user = UserFactory(username=username, first_name=full_name.split()[0])
    RoleFactory(
        kind=kind,
        cohort=challenge.cohort,
        challenge=challenge,
        person=PersonFactory(full_name=full_name, user=user),
    )
    return user


def build_cohort_world() -> CohortWorld:
    """Needs the database."""
    cohort = CohortFactory(
        name="Promotion 11", status=Cohort.Status.RUNNING, start_date=START, end_date=END
    )
    other_cohort = CohortFactory(name="Promotion 10", status=Cohort.Status.RUNNING)
    first = ChallengeFactory(cohort=cohort, title="Données de santé")
    second = ChallengeFactory(cohort=cohort, title="Cadastre ouvert")
    elsewhere = ChallengeFactory(cohort=other_cohort, title="Forêts")
    fellow = Role.Kind.FELLOW
    users = {
        "team": UserFactory(username="equipe"),
        "director": UserFactory(username="direction"),
        "link": UserFactory(username="link"),
        "fellow": _member(fellow, first, "Camille Roux", "camille"),
        "second_fellow": _member(fellow, first, "Alex Petit", "alex"),
        "other_fellow": _member(fellow, second, "Léa Éluard", "lea"),
        "mentor": _member(Role.Kind.OPERATIONAL_MENTOR, first, "Morgane Lefèvre", "morgane"),
        "senior_mentor": _member(Role.Kind.SENIOR_MENTOR, second, "Sacha Martin", "sacha"),
        "hr": OrganisationMemberFactory(organisation=first.host_organisation).user,
        "other_cohort_fellow": _member(fellow, elsewhere, "Noé Garnier", "noe"),
        "preinstructor": UserFactory(username="preinstruction"),
        "candidate": UserFactory(username="candidat"),
        "stranger": UserFactory(username="inconnu"),
    }
    add_to_team(users["team"])
    add_to_team(users["director"], director=True)
    add_to_link(users["link"])
    add_to_preinstruction(users["preinstructor"])
    return CohortWorld(cohort, other_cohort, first, second, users)


@pytest.fixture
def cohort_world(db):
    return build_cohort_world()
