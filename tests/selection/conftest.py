"""Helpers for the jury-area tests (panels, interviews, grids, rankings)."""

import pytest

from cohorte.selection.models import InterviewSlot, Panel


@pytest.fixture
def as_user(client):
    """A client signed in as ``user`` (left anonymous for an anonymous user)."""

    def sign_in(user):
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        return client

    return sign_in


INTERVIEW_MODULES = (
    "test_calendar_invitations",
    "test_interview_before_invitation",
    "test_interviews",
    "test_scheduling_runs",
    "test_scheduling_views",
    "test_access",
    "test_bulk_invitations",
    "test_grids_per_defi",
)


@pytest.fixture(autouse=True)
def _submissions_closed(request):
    """Interviews are planned and convened once the round has closed (calls.guards): the
    interview tests start there (tests/guards checks the refusals before)."""
    module = request.module.__name__.rsplit(".", 1)[-1]
    if module in INTERVIEW_MODULES and "world" in request.fixturenames:
        from tests.world import after_submissions

        after_submissions(request.getfixturevalue("world"))


@pytest.fixture
def panel(world):
    """The world's panel "Jury A" (the juror's), examining the chosen défi."""
    return Panel.objects.get(call=world.call, name="Jury A")


@pytest.fixture
def other_panel(world):
    return Panel.objects.get(call=world.call, name="Jury B")


@pytest.fixture
def slot(world):
    """The world's interview of the candidate before Jury A."""
    return InterviewSlot.objects.get(application=world.application)
