"""Searching text as people type it: without accents, case or punctuation, on every database.

"velo" finds "Vélo", "francois" finds "François", "l'air" finds "L’Air". Each searchable
model keeps a folded copy of its searched fields in a ``search_text`` column, written on
every save (``Searchable``); a search folds the query the same way and asks the database
for rows whose column contains every word. One plain column, compared alike by SQLite and
PostgreSQL, one condition per word: no per-row Python, a constant number of queries, and a
column that PostgreSQL's trigram indexes serve as lists grow. (PostgreSQL's ``unaccent``
would leave SQLite behind, and its own rules differ from Python's.)
"""

import re
import unicodedata

from django.db import connections, models
from django.db.models import Q, Value
from django.db.models.functions import Lower, Replace
from django.utils.translation import gettext_lazy as _

# Letters that Unicode does not decompose but French readers see as two.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
_SEPARATORS = re.compile(r"[\W_]+")
# Folding inside the database, for sorting and for the admin's small tables without a folded
# column: SQLite's LOWER() knows ASCII only, hence the capitals; the common French letters
# only, since SQLite refuses expressions nested more than about thirty deep.
FOLDED_IN_SQL = {
    "a": "àâÀ", "c": "çÇ", "e": "éèêëÉÈÊ", "i": "îï", "o": "ô", "u": "ùûü", "oe": "œŒ",
}  # fmt: skip


# Characters whose answer ``fold`` keeps: the scripts people write here (a bounded table).
_REMEMBERED_BELOW = 0x3000


class _WithoutMarks(dict):
    """A ``str.translate`` table that drops combining marks, filled as characters are met."""

    def __missing__(self, code: int):
        # Asking unicodedata once per distinct character, not once per character of every
        # text: folding runs on each save of a searchable row (a whole application's answers).
        kept = None if unicodedata.combining(chr(code)) else code
        if code < _REMEMBERED_BELOW:
            self[code] = kept
        return kept


_MARKS = _WithoutMarks()


def fold(text) -> str:
    """Text as searches compare it: lower case, no accents, words separated by one space."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").translate(_LIGATURES))
    return _SEPARATORS.sub(" ", decomposed.translate(_MARKS).casefold()).strip()


def texts(value) -> list[str]:
    """The texts a value holds: itself, or the strings inside a list or a dict (JSON answers)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in texts(item)]
    return []


def search_text(*values) -> str:
    """The folded text of several values, for a ``search_text`` column."""
    return " ".join(filter(None, (fold(text) for value in values for text in texts(value))))


# Between the folded last name and first name of a name key: below every letter, digit and
# space, so that "Martin" and all their first names sort before "Martin-Dupont".
NAME_KEY_SEPARATOR = "\t"


def name_key(last_name, first_name) -> str:
    """How a person sorts by name: folded last name, then folded first name ("Éluard" with E)."""
    return f"{fold(last_name)}{NAME_KEY_SEPARATOR}{fold(first_name)}"


def folded(field_name: str):
    """A field folded by the database (lower case, French accents removed), to sort by or to
    search in when it has no folded column."""
    expression = Lower(field_name, output_field=models.TextField())
    for plain, accented in FOLDED_IN_SQL.items():
        for letter in accented:
            expression = Replace(
                expression, Value(letter), Value(plain), output_field=models.TextField()
            )
    return expression


def matching(queryset, query: str, fields=("search_text",)):
    """Rows where every word of ``query`` is in one of ``fields``.

    Fields are folded columns (``search_text``, ``organisation__search_text``), or end with
    ``__icontains`` for a column without accents by nature (an e-mail address).
    """
    indexed = connections[queryset.db].vendor == "postgresql"
    for word in fold(query).split():
        condition = Q()
        for field in fields:
            lookup = field if field.endswith("__icontains") else f"{field}__contains"
            if indexed and len(word) >= TRIGRAM and _column(queryset, field):
                condition |= Q(pk__in=_rows_holding(queryset.model, lookup, word))
            else:
                condition |= Q(**{lookup: word})
        queryset = queryset.filter(condition)
    return queryset


# The shortest word a trigram index serves (calls/migrations/0009_search_trigram_indexes).
TRIGRAM = 3


def _column(queryset, field: str) -> bool:
    """Whether ``field`` is a column of the model or of a related one (not an annotation)."""
    return field.split("__", 1)[0] not in queryset.query.annotations


def _rows_holding(model, lookup: str, word: str):
    """The keys of the rows of ``model`` where ``lookup`` holds ``word``, asked on its own:
    PostgreSQL then finds them through the trigram index of the column, where a condition
    among the list's others tested the pattern on each row of the list."""
    return model._base_manager.filter(**{lookup: word}).values("pk")


class Searchable(models.Model):
    """A model found by its ``searched_fields``, folded into ``search_text`` on every save."""

    searched_fields: tuple[str, ...] = ()

    search_text = models.TextField(_("texte de recherche"), blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = search_text(*self.searched_values())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.searched_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def searched_values(self) -> list:
        """The values folded into ``search_text``."""
        return [getattr(self, name) for name in self.searched_fields]


class FoldedAdminSearch:
    """Admin mixin: the search also finds rows without accents or case ("velo": "Vélo"),
    by their folded column, or else by their ``search_fields`` folded in the database."""

    # Folded columns to search; None: the model's ``search_text`` if it has one.
    folded_search_fields: tuple[str, ...] | None = None

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not fold(search_term):
            return found, may_have_duplicates
        folded_rows = self._folded_matches(request, queryset, search_term)
        if folded_rows is None:
            return found, may_have_duplicates
        either = Q(pk__in=found.values("pk")) | Q(pk__in=folded_rows.values("pk"))
        return queryset.filter(either), False

    def _folded_matches(self, request, queryset, search_term):
        fields = self.folded_search_fields
        if fields is None and any(f.name == "search_text" for f in queryset.model._meta.fields):
            fields = ("search_text",)
        if fields:
            return matching(queryset, search_term, fields)
        # "^name", "=name", "@name": a prefix, an exact value or a full-text search, kept as is.
        plain = [f for f in self.get_search_fields(request) if f[:1] not in "^=@"]
        if not plain:
            return None
        names = {f"folded_{index}": folded(field) for index, field in enumerate(plain)}
        return matching(queryset.annotate(**names), search_term, list(names))


def refresh_search_texts(model, fields, batch_size: int = 500) -> None:
    """Recompute ``search_text`` of every row of ``model`` from ``fields`` (for migrations,
    whose historical models lack ``Searchable.save``)."""
    rows = model.objects.only("pk", *fields).order_by("pk")
    batch = []
    for row in rows.iterator(chunk_size=batch_size):
        row.search_text = search_text(*(getattr(row, name) for name in fields))
        batch.append(row)
        if len(batch) == batch_size:
            model.objects.bulk_update(batch, ["search_text"])
            batch = []
    model.objects.bulk_update(batch, ["search_text"])


def refresh_name_keys(model, batch_size: int = 500) -> None:
    """Recompute ``sort_name`` of every row of ``model`` from its ``last_name`` and
    ``first_name`` (for migrations, whose historical models lack the model's ``save``)."""
    rows = model.objects.only("pk", "last_name", "first_name").order_by("pk")
    batch = []
    for row in rows.iterator(chunk_size=batch_size):
        row.sort_name = name_key(row.last_name, row.first_name)
        batch.append(row)
        if len(batch) == batch_size:
            model.objects.bulk_update(batch, ["sort_name"])
            batch = []
    model.objects.bulk_update(batch, ["sort_name"])
