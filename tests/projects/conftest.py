"""Fixtures shared by the tests of the call for projects."""

import pytest


@pytest.fixture(autouse=True)
def _decision_time(request):
    """The défi selection comes after the défi jury's auditions, on screened proposals
    (``cohorte.calls.guards``): its tests (test_decisions_*) start there; tests/guards
    checks the refusals before."""
    if request.module.__name__.rsplit(".", 1)[-1].startswith("test_decisions_") and (
        "project_world" in request.fixturenames
    ):
        from tests.project_world import after_auditions

        after_auditions(request.getfixturevalue("project_world"))
