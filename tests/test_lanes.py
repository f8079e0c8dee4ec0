"""CI's PostgreSQL lane leaves out only the tests that cannot touch the database."""

import pytest

from tests.lanes import touches_database


class Item:
    """What pytest tells of a collected test: its marks and the fixtures it uses."""

    def __init__(self, marks=(), fixtures=()):
        self.marks = set(marks)
        self.fixturenames = list(fixtures)

    def get_closest_marker(self, name):
        return name if name in self.marks else None


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


def test_the_option_keeps_the_settings_checks_and_every_database_test():
    from tests.conftest import pytest_collection_modifyitems

    class Config:
        deselected = []

        def getoption(self, name):
            return name == "--database-tests-only"

        class hook:  # noqa: N801 - pytest's hook relay is an attribute named so
            @staticmethod
            def pytest_deselected(items):
                Config.deselected.extend(items)

    pure, query, settings = Item(), Item(fixtures=["db"]), Item(marks=["every_database"])
    items = [pure, query, settings]
    pytest_collection_modifyitems(Config(), items)
    assert items == [query, settings]
    assert Config.deselected == [pure]
