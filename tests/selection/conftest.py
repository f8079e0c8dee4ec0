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
