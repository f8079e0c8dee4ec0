"""The database's part of a backup: a snapshot with the database's own tools, and its row counts.

SQLite through its online backup API; PostgreSQL through ``pg_dump``/``pg_restore`` in the
custom format, the row counts read in the very snapshot that ``pg_dump`` dumps.
"""

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db import connection

FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


class DatabaseError(Exception):
    """A dump or restore that the database tools refused; the message says why."""


def vendor() -> str:
    """The vendor of the default database, as Django names it."""
    return connection.vendor


def _count(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def row_counts() -> dict[str, int]:
    """Rows per table of the live database."""
    with connection.cursor() as cursor:
        return _count(cursor, sorted(connection.introspection.table_names(cursor)))


def _pg_env() -> dict:
    """The environment that points PostgreSQL's tools at the default database."""
    params = connection.settings_dict
    env = {**os.environ, "PGDATABASE": params["NAME"]}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if params.get(key):
            env[name] = str(params[key])
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return env


def _run(command: list[str], env=None) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise DatabaseError(f"{command[0]} a échoué : {result.stderr.strip()[:500]}")


def dump(folder: Path) -> tuple[str, dict[str, int]]:
    """Write the database's snapshot into ``folder``; return its file name and row counts."""
    name = FILES[vendor()]
    target = folder / name
    if vendor() == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)
            tables = [
                row[0]
                for row in copy.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            return name, _count(copy.cursor(), tables)
    import psycopg

    # One repeatable-read transaction exports its snapshot: pg_dump dumps exactly the rows
    # counted here, whatever is written meanwhile.
    with psycopg.connect(**connection.get_connection_params()) as snapshot:
        snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        snapshot_id = snapshot.execute("SELECT pg_export_snapshot()").fetchone()[0]
        tables = [
            row[0]
            for row in snapshot.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename"
            )
        ]
        counts = _count(snapshot.cursor(), tables)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot_id}", f"--file={target}"],
            env=_pg_env(),
        )  # fmt: skip
    return name, counts


def load(path: Path) -> None:
    """Replace the (empty) database's content with the snapshot at ``path``."""
    connection.close()
    if vendor() == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as source:
            source.backup(connection.connection)
        return
    # --clean drops the empty tables that migrate created before recreating them from the
    # dump; --single-transaction leaves the database as it was if anything fails.
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}",
         str(path)],
        env=_pg_env(),
    )  # fmt: skip
