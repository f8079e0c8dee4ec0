"""The flush between transactional tests on PostgreSQL: DELETE rather than TRUNCATE."""

from django.db.backends.postgresql.operations import DatabaseOperations

_truncate = DatabaseOperations.sql_flush


def _delete_rows(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    # TRUNCATE makes new files for each table and index, rows or not: on the schema's 142
    # tables it takes seconds, where deleting the few rows a test leaves takes milliseconds.
    if reset_sequences or allow_cascade or not tables:
        # Sequences to restart, or a subset of the tables that others may reference:
        # TRUNCATE's own clauses do what these ask.
        return _truncate(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    # Every foreign key Django makes is deferrable: checked at commit, when every table
    # is empty, so the tables are emptied in any order.
    return [f"{style.SQL_KEYWORD('SET CONSTRAINTS ALL DEFERRED')};"] + [
        f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
        for table in tables
    ]


def flush_by_deleting() -> None:
    """Make Django's flush on PostgreSQL empty the tables with DELETE, not TRUNCATE."""
    DatabaseOperations.sql_flush = _delete_rows
