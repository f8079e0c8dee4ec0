"""A real database failure for a test, on either database: PostgreSQL's server cuts the
connections (what a restart does to them), SQLite's database is held by another writer."""

import sqlite3
import threading
from contextlib import contextmanager

import psycopg
from django.db import connection


def _cut_postgresql_connections() -> None:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@contextmanager
def database_out_of_reach(for_seconds: float | None = None):
    """Inside the block the next query of this process fails as when the database restarts.

    PostgreSQL: every connection to the database is terminated on entry (a new one is opened
    after the block). SQLite: another connection holds the write lock until the
    block ends, or for ``for_seconds`` when given.
    """
    if connection.vendor == "postgresql":
        _cut_postgresql_connections()
        try:
            yield
        finally:
            # What the end of a request or task does in a server (the test client does not):
            # a connection that failed is dropped, the next query opens a new one.
            connection.close()
        return
    holder = sqlite3.connect(connection.settings_dict["NAME"], uri=True, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("DELETE FROM django_session WHERE 0")  # takes the table's write lock
    timer = None
    if for_seconds is not None:
        timer = threading.Timer(for_seconds, holder.rollback)
        timer.start()
    try:
        yield
    finally:
        if timer is not None:
            timer.join()
        holder.rollback()
        holder.close()
