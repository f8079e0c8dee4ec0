"""Queries compiled once per process and database, run with each request's values."""

from types import SimpleNamespace

from cohorte import compiled_sql


def test_bound_replaces_the_stand_ins_only():
    values = {-1: 42, "\x00key\x00": "abc"}
    params = (-1, "\x00key\x00", True, 1, "other", None, -2)
    assert compiled_sql.bound(params, values) == [42, "abc", True, 1, "other", None, -2]


def test_each_query_is_built_once_per_name_and_database(monkeypatch):
    monkeypatch.setattr(compiled_sql, "_compiled", {})
    built = []

    def build(name):
        return lambda: built.append(name) or (f"SELECT {name}", (-1,))

    default = SimpleNamespace(alias="default", vendor="sqlite")
    other = SimpleNamespace(alias="other", vendor="postgresql")
    for _ in range(3):
        assert compiled_sql.compiled("a", default, build("a")) == ("SELECT a", (-1,))
        assert compiled_sql.compiled("b", default, build("b")) == ("SELECT b", (-1,))
        assert compiled_sql.compiled("a", other, build("a2")) == ("SELECT a2", (-1,))
    assert built == ["a", "b", "a2"]
