"""A call for applications where people in every role declared a conflict of interest on
one candidate, Alex Conflit, while another candidate of the same défi, Alex Témoin, stays
in their sight (see tests/world.py for the roles)."""

import html
from dataclasses import dataclass

import pytest

from cohorte.accounts.roles import add_to_team
from cohorte.calls.models import Application
from cohorte.reviews.models import Conflict
from cohorte.selection.models import InterviewSlot, Panel, RankingEntry
from tests.factories import (
    ApplicationChoiceFactory,
    ApplicationFactory,
    InterviewSlotFactory,
    UserFactory,
)

# The roles that declare the conflict: the team (the director is one), a mentor of the
# défi, a member and the referee of the panel that interviews both candidates.
CONFLICTED = ["team", "director", "mentor", "juror", "referee"]


@dataclass
class Conflicted:
    world: object
    panel: Panel  # Jury A: juror (member), referee (member and referee)
    referee: object
    director2: object  # another director, without a conflict
    team2: object  # another team member, without a conflict
    conflicted: Application  # the world's application, renamed Alex Conflit
    witness: Application  # Alex Témoin, on the same défi, before the same panel

    def __getattr__(self, name):
        return getattr(self.world, name)

    def user(self, role):
        return self.referee if role == "referee" else self.world.roles()[role]

    def declare(self, *roles, application=None):
        """The conflict of each role on Alex Conflit (or another application)."""
        for role in roles:
            Conflict.objects.create(
                application=application or self.conflicted,
                reviewer=self.user(role),
                reason="Ancien collègue",
            )


@pytest.fixture
def cw(world):
    """The world with a referee, a second director and team member, and a witness."""
    panel = Panel.objects.get(call=world.call, name="Jury A")
    referee = UserFactory(username="referee")
    panel.members.add(referee)
    panel.referee = referee
    panel.save()
    director2 = UserFactory(username="director2")
    add_to_team(director2, director=True)
    team2 = UserFactory(username="team2")
    add_to_team(team2)
    world.application.last_name = "Conflit"
    world.application.save()
    witness = ApplicationFactory(
        call=world.call, last_name="Témoin", candidate=UserFactory(username="witness")
    )
    ApplicationChoiceFactory(application=witness, rank=1, challenge=world.challenge)
    InterviewSlotFactory(panel=panel, application=witness, challenge=world.challenge)
    return Conflicted(world, panel, referee, director2, team2, world.application, witness)


@pytest.fixture
def as_user(client):
    """A client signed in as ``user``."""

    def sign_in(user):
        client.logout()
        client.force_login(user)
        return client

    return sign_in


def text(response) -> str:
    """The page as a reader sees it (entities decoded)."""
    return html.unescape(response.content.decode())


def rank_both(cw, **conflicted):
    """Alex Conflit and Alex Témoin on the jury's list of the défi (ranks 1 and 2)."""
    entry = RankingEntry.objects.create(
        call=cw.call, challenge=cw.challenge, application=cw.conflicted, position=1, **conflicted
    )
    RankingEntry.objects.create(
        call=cw.call, challenge=cw.challenge, application=cw.witness, position=2
    )
    return entry


def shortlist(*applications):
    for application in applications:
        application.status = Application.Status.SHORTLISTED
        application.save(update_fields=["status"])


def slot_of(application) -> InterviewSlot:
    return InterviewSlot.objects.get(application=application)


# Tests of decisions and convocations start at their time (cohorte.calls.guards): after the
# interviews (decisions) or once the round closed (convocations); their guards are tested
# in tests/guards.
DECISION_TESTS = (
    "every_list",
    "control_sees",
    "seats_and_counts",
    "stage",
    "staging",
    "decision",
    "validate",
    "send",
    "outbox",
    "selection",
    "defis_created",
    "selects",
)
CONVOCATION_TESTS = ("invitation", "slot_creation", "conflicted_interview")


# Tests that apply during the open call first, then move to decision time themselves.
OWN_TIMING = ("test_a_team_member_who_applied_cannot_stage_nor_validate_their_decision",)


@pytest.fixture(autouse=True)
def _step_time(request):
    name = request.node.originalname
    if name in OWN_TIMING:
        return
    if any(word in name for word in DECISION_TESTS):
        if "cw" in request.fixturenames or "world" in request.fixturenames:
            from tests.world import after_interviews

            world = request.getfixturevalue("cw" if "cw" in request.fixturenames else "world")
            after_interviews(getattr(world, "world", world))
            if hasattr(world, "witness"):
                world.witness.refresh_from_db()
        if "pw" in request.fixturenames or "project_world" in request.fixturenames:
            from tests.project_world import after_auditions

            after_auditions(request.getfixturevalue("project_world"))
    elif any(word in name for word in CONVOCATION_TESTS) and "cw" in request.fixturenames:
        from tests.world import after_submissions

        world = request.getfixturevalue("cw")
        after_submissions(world.world)
        world.witness.refresh_from_db()
