"""The demo built once per test session, then laid again on the emptied database of each
transactional test that asks for it (the browser tests whose live server reads it).

Building the demo takes seconds of saving applications, decisions and files through the
domain's own functions. Its rows are read back table by table once built, and laid again
with one multi-row insert per table: a fraction of that. (Django's own serialisation, which
saves each object through the ORM, took as long as building it.) The tests of the build
itself still build it: the command, its determinism, the outcomes at a fixed date.
"""

from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

from cohorte.demo import build_demo

# (rows by table, folder of its files) by ``with_accounts``, for the session.
_BUILT: dict[bool, tuple[list, Path]] = {}


def lay_demo(tmp_path_factory, *, with_accounts: bool = False) -> Path:
    """The demo in the database, built on first use; returns the folder of its files."""
    if with_accounts not in _BUILT:
        media = tmp_path_factory.mktemp("demo-media")
        with override_settings(MEDIA_ROOT=media):
            build_demo(with_accounts=with_accounts)
        _BUILT[with_accounts] = (table_rows(), media)
        return media
    rows, media = _BUILT[with_accounts]
    # The rows that the migrations' signals wrote after the last test's flush (content types,
    # permissions, groups) are in the snapshot too, under the identifiers they had there.
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    lay_rows(rows)
    return media


def table_rows() -> list[tuple[str, list[str], list[tuple]]]:
    """Every row of every table of the project's models: (table, columns, rows)."""
    quote = connection.ops.quote_name
    snapshot = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (a table's own name)
            rows = cursor.fetchall()
            if rows:
                snapshot.append((table, [column[0] for column in cursor.description], rows))
    return snapshot


def lay_rows(snapshot) -> None:
    """Insert ``table_rows()``'s rows into empty tables, then move the sequences past them."""
    quote = connection.ops.quote_name
    # Django's foreign keys are deferred on both databases: checked once, at commit.
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in snapshot:
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
