"""What each lane of CI runs: the PostgreSQL lane leaves out only the tests that cannot touch
the database, and each browser test runs in exactly one lane."""

from pathlib import Path

import pytest

from tests.lanes import BROWSER_ON_POSTGRESQL, LANES, browser_lane, runs_in, touches_database

TESTS = Path(__file__).resolve().parent


class Item:
    """What pytest tells of a collected test: its file, its marks and the fixtures it uses."""

    def __init__(self, marks=(), fixtures=(), path="tests/calls/test_views.py", lane=None):
        self.marks = set(marks)
        self.fixturenames = list(fixtures)
        self.fspath = path
        self.lane = lane

    def get_closest_marker(self, name):
        if name == "lane":
            return pytest.mark.lane(self.lane).mark if self.lane else None
        return name if name in self.marks else None

    def __repr__(self):
        return f"Item({sorted(self.marks)}, {self.fixturenames}, {self.fspath})"


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (Item(), False),
        (Item(fixtures=["settings", "tmp_path", "django_db_blocker"]), False),
        (Item(marks=["django_db"]), True),
        (Item(fixtures=["db"]), True),
        (Item(fixtures=["transactional_db"]), True),
        (Item(fixtures=["live_server", "page"]), True),
        (Item(marks=["every_database"]), True),
    ],
)
def test_a_test_touches_the_database_by_its_mark_or_its_fixtures(item, expected):
    assert touches_database(item) is expected


JOURNEY = "tests/browser/test_application_journey.py"
PAGES = "tests/browser/test_alumni_pages.py"


@pytest.mark.parametrize(
    ("item", "lanes"),
    [
        (Item(), {"sqlite"}),
        (Item(fixtures=["db"]), {"sqlite", "postgresql"}),
        (Item(marks=["every_database"]), {"sqlite", "postgresql"}),
        (Item(fixtures=["live_server", "page"], path=JOURNEY), {"postgresql"}),
        (Item(fixtures=["live_server", "page"], path=PAGES), {"sqlite"}),
        # A browser test with no database (the production styles) runs where every such test does.
        (Item(fixtures=["page"], path="tests/browser/test_production_styles.py"), {"sqlite"}),
        # A test marked for one lane runs there only, whatever else it is.
        (Item(fixtures=["db"], lane="postgresql"), {"postgresql"}),
        (Item(marks=["django_db"], lane="sqlite"), {"sqlite"}),
        (Item(fixtures=["live_server"], path=JOURNEY, lane="sqlite"), {"sqlite"}),
    ],
)
def test_each_test_runs_in_its_lanes(item, lanes):
    assert {lane for lane in LANES if runs_in(item, lane)} == lanes


def test_the_browser_tests_of_postgresql_exist_and_the_others_run_on_sqlite():
    files = {path.name for path in (TESTS / "browser").glob("test_*.py")}
    assert files >= BROWSER_ON_POSTGRESQL
    assert len(files - BROWSER_ON_POSTGRESQL) > len(BROWSER_ON_POSTGRESQL)
    assert browser_lane(Item(fixtures=["db"])) is None


def test_a_lane_mark_names_a_lane():
    with pytest.raises(ValueError, match="mysql"):
        runs_in(Item(fixtures=["db"], lane="mysql"), "sqlite")


@pytest.mark.parametrize("lane", LANES)
def test_the_option_deselects_what_the_lane_does_not_run(lane):
    from tests.conftest import pytest_collection_modifyitems

    class Config:
        deselected = []

        def getoption(self, name):
            return lane if name == "--lane" else None

        class hook:  # noqa: N801 - pytest's hook relay is an attribute named so
            @staticmethod
            def pytest_deselected(items):
                Config.deselected.extend(items)

    pure, query, settings = Item(), Item(fixtures=["db"]), Item(marks=["every_database"])
    journey = Item(fixtures=["live_server"], path=JOURNEY)
    pages = Item(fixtures=["live_server"], path=PAGES)
    items = [pure, query, settings, journey, pages]
    pytest_collection_modifyitems(Config(), items)
    if lane == "sqlite":
        assert items == [pure, query, settings, pages]
        assert Config.deselected == [journey]
    else:
        assert items == [query, settings, journey]
        assert Config.deselected == [pure, pages]


def test_without_a_lane_every_test_runs():
    from tests.conftest import pytest_collection_modifyitems

    class Config:
        def getoption(self, name):
            return None

    items = [Item(), Item(fixtures=["live_server"], path=JOURNEY)]
    kept = list(items)
    pytest_collection_modifyitems(Config(), kept)
    assert kept == items
