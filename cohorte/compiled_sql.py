"""Queries compiled once per process and database, then run with each request's values.

Building a queryset's SQL costs more CPU than running it for the small, fixed queries every
page makes (the signed-in person's roles, their application): those are built once with
stand-in values, which each run replaces with its own.
"""

from collections.abc import Callable

from django.db import connections, router

_compiled: dict[tuple, tuple[str, tuple]] = {}


def compiled(name: str, connection, build: Callable[[], tuple[str, tuple]]) -> tuple[str, tuple]:
    """The SQL and parameters ``build`` returns (``query.sql_with_params()`` of a queryset
    made with stand-in values), for ``connection``'s database, built the first time only."""
    key = (name, connection.alias, connection.vendor)
    if key not in _compiled:
        _compiled[key] = build()
    return _compiled[key]


def bound(params: tuple, values: dict) -> list:
    """``params`` with each stand-in value found in ``values`` replaced by its own."""
    return [
        values[value] if type(value) in (int, str) and value in values else value
        for value in params
    ]


def first(model, name: str, build: Callable[[], tuple[str, tuple]], values: dict):
    """The first ``model`` instance the compiled query ``name`` finds with ``values``, or
    None: read with ``model``'s database, its columns converted as the ORM does."""
    connection = connections[router.db_for_read(model)]
    sql, params = compiled(name, connection, build)
    return next(iter(model.objects.raw(sql, bound(params, values))), None)
