"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def pytest_addoption(parser):
    parser.addoption(
        "--lane",
        choices=("sqlite", "postgresql"),
        help="run only what this lane of CI runs (tests/lanes.py): the PostgreSQL lane leaves "
        "out the tests that cannot touch the database, and each browser test runs in one lane",
    )


def pytest_collection_modifyitems(config, items):
    lane = config.getoption("--lane")
    if lane is None:
        return
    from tests.lanes import runs_in

    kept, left_out = [], []
    for item in items:
        (kept if runs_in(item, lane) else left_out).append(item)
    config.hook.pytest_deselected(items=left_out)
    items[:] = kept


@pytest.fixture(scope="session", autouse=True)
def _flush_by_deleting_on_postgresql():
    """On PostgreSQL, transactional tests are cleaned up after by DELETE (tests/db_flush.py)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        from tests.db_flush import flush_by_deleting

        flush_by_deleting()


@pytest.fixture
def shared_data() -> Path:
    """The programme's real public content, read in place from ../shared/data."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"{path} is missing: the shared corpora sit beside the repository in CI")
    return path


@pytest.fixture(autouse=True)
def _fresh_cache_and_media(request, settings, tmp_path):
    """Each test starts with an empty cache and its own media folder."""
    from cohorte.media import forget_cached_lookups
    from cohorte.programmes import identity

    settings.MEDIA_ROOT = tmp_path / "media"
    # Password hashing is deliberately slow; tests that log people in don't need that.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Journeys travel through months in seconds: the idle sign-out of staff sessions is
    # tested on its own (tests/security/test_staff_idle.py), which turns it back on.
    settings.STAFF_SESSION_IDLE_MINUTES = None
    # The first-run setup is tested on its own (tests/programmes/test_setup.py): elsewhere the
    # instance counts as set up, whatever programmes a test makes.
    settings.COHORTE_SETUP_REQUIRED = False
    names = set(request.fixturenames)
    if request.node.get_closest_marker("django_db") or names & {"db", "transactional_db"}:
        # The cache lives in the database: only tests that may touch it clear it.
        transactional = names & {"transactional_db", "live_server"}
        request.getfixturevalue("transactional_db" if transactional else "db")
        from django.core.cache import cache

        cache.clear()
    forget_cached_lookups()
    # Every test starts on an empty database, so without any programme: no query to know it.
    identity.forget(no_programme=True)
    yield
    forget_cached_lookups()


@pytest.fixture
def world(db):
    """A call for applications with one user in every role (see tests/world.py)."""
    from tests.world import build_world

    return build_world()


@pytest.fixture
def project_world(db):
    """A call for projects with one user in every role (see tests/project_world.py)."""
    from tests.project_world import build_project_world

    return build_project_world()


@pytest.fixture
def lay_demo(settings, tmp_path_factory):
    """``lay_demo(with_accounts=False)`` puts the demo in the test's database and its files in
    ``MEDIA_ROOT``, built once per session (tests/demo_snapshot.py)."""
    from tests import demo_snapshot

    def lay(with_accounts: bool = False) -> None:
        settings.MEDIA_ROOT = demo_snapshot.lay_demo(tmp_path_factory, with_accounts=with_accounts)

    return lay


@pytest.fixture(scope="session")
def production_folder(tmp_path_factory):
    """A folder prepared as the README's production steps say (migrate, collectstatic)."""
    from tests import production_server

    folder = tmp_path_factory.mktemp("production")
    production_server.prepare(folder)
    return folder
