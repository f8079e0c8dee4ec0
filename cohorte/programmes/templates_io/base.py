"""What every part of a programme template shares: its report, its errors, its fields."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class TemplateError(Exception):
    """The file cannot be imported at all; ``problems`` says why, in French."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        """Every row of the section the file holds."""
        return self.created + self.updated + self.unchanged


@dataclass
class Report:
    """What an import did (or would do), section by section, and what it left aside."""

    counts: dict[str, Counts] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def count(self, section: str, outcome: str) -> None:
        """Add one row's outcome (created, updated, unchanged) to its section."""
        counts = self.counts.setdefault(section, Counts())
        setattr(counts, outcome, getattr(counts, outcome) + 1)

    def as_data(self) -> dict:
        """The counts as the audit log keeps them."""
        return {
            name: {"created": c.created, "updated": c.updated, "unchanged": c.unchanged}
            for name, c in self.counts.items()
        }


class Part:
    """One area of the configuration: how it is written to a template and read back.

    ``fields`` are the keys of one row of the section; ``required`` those a row cannot miss.
    """

    name = ""
    label = ""
    fields: frozenset[str] = frozenset()
    required: frozenset[str] = frozenset()
    # The natural keys: rows are found again by them.
    texts: frozenset[str] = frozenset()

    def export(self, programme) -> list:
        raise NotImplementedError

    def check(self, row: dict, where: str) -> "Shape":
        """What is wrong with one row's nested content (its own keys are checked already)."""
        return Shape()

    def apply(self, programme, rows: list, report: Report) -> None:
        raise NotImplementedError


def plain(value):
    """A model value as JSON holds it."""
    if isinstance(value, Decimal):
        return str(value)
    return value


def values_of(instance, names) -> dict:
    """The named fields of a model instance, ready for JSON."""
    return {name: plain(getattr(instance, name)) for name in names}


def assign(instance, data: dict, names, where: str) -> bool:
    """Set the named fields present in ``data``; whether any value changed."""
    changed = False
    for name in names:
        if name not in data:
            continue
        model_field = instance._meta.get_field(name)
        if data[name] is None and not model_field.null:
            problem = _("%(where)s : « %(name)s » : une valeur est attendue.")
            raise TemplateError([problem % {"where": where, "name": name}])
        try:
            value = model_field.to_python(data[name])
        except ValidationError as error:
            raise TemplateError([_field_problem(where, name, error)]) from error
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def save_checked(instance, where: str, exclude=None) -> None:
    """Validate then save a row; a refusal names where it was in the file."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        problem = _("%(where)s : %(error)s") % {"where": where, "error": _joined(error)}
        raise TemplateError([problem]) from error
    instance.save()


def save_children(rows, known: dict, make, names, where: str, key: str, section: str) -> bool:
    """Create or update the child rows of a saved parent, found in ``known`` by their ``key``
    value (``make(**{key: value})`` builds a new one); whether any was written."""
    written = False
    for i, data in enumerate(rows or [], start=1):
        at = f"{where}, « {section} », n° {i}"
        child = known.get(data[key]) or make(**{key: data[key]})
        if assign(child, data, names, at) or child.pk is None:
            save_checked(child, at)
            known[data[key]] = child
            written = True
    return written


def _field_problem(where: str, name: str, error: ValidationError) -> str:
    return _("%(where)s : « %(name)s » : %(error)s") % {
        "where": where,
        "name": name,
        "error": " ".join(error.messages),
    }


def _joined(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ; ".join(
            f"« {name} » : {' '.join(str(m) for m in messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


@dataclass
class Shape:
    """What is wrong with a row's keys: missing ones refuse the file, unknown ones are left out."""

    errors: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def add(self, other: "Shape") -> None:
        self.errors += other.errors
        self.unknown += other.unknown


def shape_of(row, fields, required, where: str, section: str, texts=()) -> Shape:
    """Check a row is an object with its required keys and its natural keys written as
    texts; name the keys it should not hold."""
    shape = Shape()
    if not isinstance(row, dict):
        shape.errors.append(_("%(where)s : un objet est attendu.") % {"where": where})
        return shape
    for name in sorted(set(required) - set(row)):
        shape.errors.append(
            _("%(where)s : champ « %(name)s » manquant.") % {"where": where, "name": name}
        )
    for name in sorted(set(texts) & set(row)):
        if not isinstance(row[name], str):
            shape.errors.append(
                _("%(where)s : « %(name)s » doit être un texte.") % {"where": where, "name": name}
            )
    for name in sorted(set(row) - set(fields)):
        problem = _("Champ inconnu dans « %(section)s » : « %(name)s »") % {
            "section": section,
            "name": name,
        }
        if problem not in shape.unknown:
            shape.unknown.append(problem)
    return shape


def rows_of(value, fields, required, where: str, section: str, texts=()) -> Shape:
    """Check a list of rows (None stands for an empty list)."""
    shape = Shape()
    if value is None:
        return shape
    if not isinstance(value, list):
        shape.errors.append(_("%(where)s : une liste est attendue.") % {"where": where})
        return shape
    for i, row in enumerate(value, start=1):
        shape.add(shape_of(row, fields, required, f"{where}, n° {i}", section, texts))
    return shape
