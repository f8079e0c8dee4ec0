"""Which tests the PostgreSQL lane of CI runs: those that can touch the database.

A test with no ``django_db`` mark and no database fixture is refused any query by
pytest-django, so it gives the same result whatever ``DATABASE_URL`` says: CI runs it once,
in the SQLite lane. A test that reaches the database another way (a subprocess that
inherits ``DATABASE_URL``) is marked ``every_database`` and runs in both.
"""

DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def touches_database(item) -> bool:
    """Whether the test ``item`` may reach the database."""
    if item.get_closest_marker("django_db") or item.get_closest_marker("every_database"):
        return True
    return bool(set(getattr(item, "fixturenames", ())) & DATABASE_FIXTURES)
