"""Builders for the decision tests: profiles, rankings, decisions at each step."""

import pytest

from cohorte.selection import decisions as domain
from cohorte.selection.models import Decision, RankingEntry
from tests.factories import ExpertiseFactory


@pytest.fixture
def profile(world):
    """A profile the call seeks ("Développement")."""
    expertise = ExpertiseFactory(name="Développement", slug="developpement")
    world.call.profiles.add(expertise)
    return expertise


def rank(world, application, challenge, position, **kwargs) -> RankingEntry:
    """Put an application in the jury's list for a défi."""
    return RankingEntry.objects.create(
        call=world.call, challenge=challenge, application=application, position=position, **kwargs
    )


def staged(world, application=None, outcome="selected", challenge=None, profile=None):
    """A staged decision on the world's application (selected for its défi by default)."""
    application = application or world.application
    if outcome != "not_selected" and challenge is None:
        challenge = application.choices.first().challenge
    return domain.stage_decision(application, outcome, challenge, profile, world.team)


def validated(world, **kwargs) -> Decision:
    decision = staged(world, **kwargs)
    domain.validate_decisions([decision], world.director)
    decision.refresh_from_db()
    return decision


def sent(world, **kwargs) -> Decision:
    decision = validated(world, **kwargs)
    domain.send_decisions([decision], world.team)
    decision.refresh_from_db()
    return decision


@pytest.fixture(autouse=True)
def _decision_time(request):
    """Decisions come after the interviews, on screened files (``cohorte.calls.guards``):
    the decision tests start there (tests/guards checks the refusals before)."""
    if "world" in request.fixturenames:
        from tests.world import after_interviews

        after_interviews(request.getfixturevalue("world"))
