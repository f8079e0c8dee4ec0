"""Which tests each lane of CI runs: ``--lane sqlite`` and ``--lane postgresql``.

A test with no ``django_db`` mark and no database fixture is refused any query by
pytest-django, so it gives the same result whatever ``DATABASE_URL`` says: CI runs it once,
in the SQLite lane. A test that reaches the database another way (a subprocess that
inherits ``DATABASE_URL``) is marked ``every_database`` and runs in both.

A browser test runs in one lane only. It drives the pages in Chromium, which costs more CPU
than all the rest of the test, and the queries under those pages are run on both databases
by the tests of each view. The journeys of the candidate and of the selection, where rows
are locked and ordered, and the autosave's live regions (a revision per save) run on
PostgreSQL, production's database (``BROWSER_ON_POSTGRESQL``, chosen also to even out the two
lanes' times, the SQLite lane running the linters and checks after its tests); the other
browser tests run on SQLite.

A test marked ``lane("postgresql")`` (or ``"sqlite"``) runs in that lane only: a test whose
whole cost is the same on both databases and whose subject is one of them (the migration
test of a data step, which migrates the whole schema back and forth).
Without ``--lane`` (``make test`` on a developer's machine), every test runs.
"""

from pathlib import Path

LANES = ("sqlite", "postgresql")
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}
BROWSER_ON_POSTGRESQL = frozenset(
    {
        "test_application_journey.py",
        "test_call_for_projects_journey.py",
        "test_campaign_journey_applications.py",
        "test_candidate_autosave.py",
        "test_decisions_table.py",
        "test_interview_grids_and_invitations.py",
        "test_live_regions.py",
        "test_matching_page.py",
        "test_nothing_lost_pages.py",
        "test_scheduling_page.py",
        "test_tab_order.py",
    }
)


def touches_database(item) -> bool:
    """Whether the test ``item`` may reach the database."""
    if item.get_closest_marker("django_db") or item.get_closest_marker("every_database"):
        return True
    return bool(set(getattr(item, "fixturenames", ())) & DATABASE_FIXTURES)


def browser_lane(item) -> str | None:
    """The one lane that runs the browser test ``item``; None for a test of another kind."""
    path = Path(str(item.fspath))
    if path.parent.name != "browser" or not touches_database(item):
        return None
    return "postgresql" if path.name in BROWSER_ON_POSTGRESQL else "sqlite"


def runs_in(item, lane: str) -> bool:
    """Whether CI's ``lane`` runs the test ``item``."""
    chosen = item.get_closest_marker("lane")
    if chosen is not None:
        if chosen.args[0] not in LANES:
            raise ValueError(f"lane({chosen.args[0]!r}): the lanes are {', '.join(LANES)}")
        return lane == chosen.args[0]
    if lane == "postgresql" and not touches_database(item):
        return False
    return browser_lane(item) in (None, lane)
