"""A call with its form (cohort, rounds, questions, statements, heard-from question), kept
per process.

Each request of a candidate reads the call, its rounds for the window checks, and its
questions and statements for the form: the largest share of the CPU of the deadline rush.
The database gives each call a stamp that its triggers change with any write to the call,
its cohort, rounds, questions, statements or heard-from question, whatever the path
(``save``, ``update()``, ``bulk_create``, raw SQL, a restore). A copy read under a stamp is
kept and handed out again while the call's row carries that stamp: one small query per
request instead of five.
"""

import pickle
import threading
from collections import OrderedDict

from django.db import connections, router
from django.http import Http404

from cohorte.compiled_sql import bound, compiled

from .models import Call, Question, Round, Statement

KEPT = 64  # calls kept per process: a programme has a handful open at once

_kept: OrderedDict = OrderedDict()
_lock = threading.Lock()  # gunicorn's threads share the copies kept


def call_with_form(slug: str, kind: str) -> Call:
    """The call of ``kind`` at ``slug``, its cohort, rounds, questions, statements and
    heard-from question read (404 when there is none): a copy of its own for the request,
    mutable at will."""
    alias = router.db_for_read(Call)
    connection = connections[alias]
    sql, params = compiled("call-stamp", connection, _stamp_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, bound(params, {_THE_SLUG: slug, _THE_KIND: kind}))
        row = cursor.fetchone()
    if row is None:
        raise Http404
    pk, stamp = row
    key = (alias, connection.settings_dict["NAME"], pk, stamp)
    with _lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
    if kept is not None:
        return pickle.loads(kept)
    try:
        # Read after the stamp: what is kept under it is never older than it.
        call = (
            Call.objects.using(alias)
            .select_related("cohort", "heard_from_question")
            .prefetch_related("rounds", "questions", "statements")
            .get(pk=pk)
        )
    except Call.DoesNotExist:
        raise Http404 from None
    kept = pickle.dumps(call, protocol=pickle.HIGHEST_PROTOCOL)
    with _lock:
        _kept[key] = kept
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return call


def forget_all() -> None:
    """Drop every copy kept by this process."""
    with _lock:
        _kept.clear()


# Stand for the slug and the kind in the compiled query of ``_stamp_sql``.
_THE_SLUG, _THE_KIND = "\x00call-slug\x00", "\x00call-kind\x00"


def _stamp_sql() -> tuple[str, tuple]:
    return (
        Call.objects.filter(slug=_THE_SLUG, kind=_THE_KIND)
        .order_by()
        .values_list("id", "structure_stamp")
        .query.sql_with_params()
    )


def install_triggers(connection) -> None:
    """Create (again) the triggers that change a call's stamp with its structure."""
    _run(
        connection,
        _postgresql(connection) if connection.vendor == "postgresql" else _sqlite(connection),
    )


def drop_triggers(connection) -> None:
    """Remove those triggers (before the stamp's column goes, when migrating back)."""
    statements = (
        _postgresql(connection) if connection.vendor == "postgresql" else _sqlite(connection)
    )
    _run(connection, [statement for statement in statements if statement.startswith("DROP ")])
    if connection.vendor == "postgresql":
        _run(connection, [f"DROP FUNCTION IF EXISTS {name}()" for name in _FUNCTIONS])


def has_stamps(connection) -> bool:
    """Whether the calls' table has its stamp column (migrated far enough)."""
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, Call._meta.db_table)
    return any(column.name == "structure_stamp" for column in columns)


def _run(connection, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def stamped_parts() -> tuple:
    """The models whose rows name their call (``call_id``) and belong to its structure."""
    from cohorte.campaigns.models import HeardFromQuestion

    return (Round, Question, Statement, HeardFromQuestion)


def _tables(connection):
    quote = connection.ops.quote_name
    parts = [quote(model._meta.db_table) for model in stamped_parts()]
    cohort = quote(Call._meta.get_field("cohort").related_model._meta.db_table)
    return quote(Call._meta.db_table), parts, cohort


_FUNCTIONS = ("cohorte_call_new_stamp", "cohorte_call_part_changed", "cohorte_call_cohort_changed")


def _postgresql(connection) -> list[str]:
    call, parts, cohort = _tables(connection)
    statements = [
        # Every update of a call's row draws a new stamp: a row written back from an older
        # copy cannot bring back a stamp that copies were kept under.
        """CREATE OR REPLACE FUNCTION cohorte_call_new_stamp() RETURNS trigger AS $$
        BEGIN
            NEW.structure_stamp := md5(random()::text || clock_timestamp()::text);
            RETURN NEW;
        END $$ LANGUAGE plpgsql""",
        f"""CREATE OR REPLACE FUNCTION cohorte_call_part_changed() RETURNS trigger AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                UPDATE {call} SET structure_stamp = '' WHERE id = OLD.call_id;
            END IF;
            IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.call_id <> OLD.call_id) THEN
                UPDATE {call} SET structure_stamp = '' WHERE id = NEW.call_id;
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        f"""CREATE OR REPLACE FUNCTION cohorte_call_cohort_changed() RETURNS trigger AS $$
        BEGIN
            UPDATE {call} SET structure_stamp = '' WHERE cohort_id = NEW.id;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS cohorte_call_stamp ON {call}",
        f"""CREATE TRIGGER cohorte_call_stamp BEFORE UPDATE ON {call}
        FOR EACH ROW EXECUTE FUNCTION cohorte_call_new_stamp()""",
        f"DROP TRIGGER IF EXISTS cohorte_call_stamp ON {cohort}",
        f"""CREATE TRIGGER cohorte_call_stamp AFTER UPDATE ON {cohort}
        FOR EACH ROW EXECUTE FUNCTION cohorte_call_cohort_changed()""",
    ]
    for part in parts:
        statements += [
            f"DROP TRIGGER IF EXISTS cohorte_call_stamp ON {part}",
            f"""CREATE TRIGGER cohorte_call_stamp AFTER INSERT OR UPDATE OR DELETE ON {part}
            FOR EACH ROW EXECUTE FUNCTION cohorte_call_part_changed()""",
        ]
    return statements


def _sqlite(connection) -> list[str]:
    call, parts, cohort = _tables(connection)
    draw = f"UPDATE {call} SET structure_stamp = lower(hex(randomblob(16)))"
    # SQLite's schema changes rebuild a table and drop its triggers: migrate installs them
    # again after every run (post_migrate). recursive_triggers is off (SQLite's default), so
    # the call's own trigger does not fire itself again.
    triggers = {
        ("call", call, "UPDATE"): f"{draw} WHERE id = NEW.id",
        ("cohort", cohort, "UPDATE"): f"{draw} WHERE cohort_id = NEW.id",
    }
    for part in parts:
        name = part.strip('"')
        triggers[(name, part, "INSERT")] = f"{draw} WHERE id = NEW.call_id"
        triggers[(name, part, "UPDATE")] = f"{draw} WHERE id IN (OLD.call_id, NEW.call_id)"
        triggers[(name, part, "DELETE")] = f"{draw} WHERE id = OLD.call_id"
    statements = []
    for (name, table, event), body in triggers.items():
        trigger = f"cohorte_call_stamp_{name.strip(chr(34))}_{event.lower()}"
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger}",
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW BEGIN {body}; END",
        ]
    return statements
