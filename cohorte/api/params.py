"""Query parameters of the API, each validated with a French message naming it."""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .errors import ParameterError

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,255}")
DIGITS = re.compile(r"[0-9]+")
SLUG_SCHEMA = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 255}
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

UNKNOWN = "Paramètre inconnu."
REPEATED = "Paramètre donné plusieurs fois."


class Invalid(ValueError):
    pass


@dataclass(frozen=True)
class Param:
    """A query parameter: its OpenAPI schema, its documentation and its parser."""

    name: str
    description: str
    schema: dict
    example: str = ""

    def parse(self, raw: str) -> Any:
        kind = self.schema.get("type")
        if "enum" in self.schema:
            if raw not in self.schema["enum"]:
                values = ", ".join(self.schema["enum"])
                raise Invalid(f"Valeur inconnue : choisissez parmi {values}.")
            return raw
        if kind == "integer":
            low, high = self.schema.get("minimum", 1), self.schema.get("maximum")
            value = None
            if DIGITS.fullmatch(raw):
                # Beyond 18 digits, any page is past the end: no need to read it exactly.
                value = int(raw) if len(raw) <= 18 else 10**18
            if value is None or value < low or (high is not None and value > high):
                if high is None:
                    raise Invalid(f"Nombre entier supérieur ou égal à {low} attendu.")
                raise Invalid(f"Nombre entier entre {low} et {high} attendu.")
            return value
        if self.schema.get("format") == "date-time":
            return _moment(raw)
        if not SLUG.fullmatch(raw):
            raise Invalid("Identifiant attendu : lettres, chiffres, tirets et soulignés.")
        return raw


def _moment(raw: str) -> datetime.datetime:
    message = "Date ISO 8601 attendue, par exemple 2026-01-31 ou 2026-01-31T12:00:00Z."
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is None:
                raise Invalid(message)
            moment = datetime.datetime.combine(day, datetime.time())
    except (ValueError, OverflowError):
        raise Invalid(message) from None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    try:
        # In UTC: PostgreSQL refuses offsets beyond ±15:59 that ISO 8601 allows.
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise Invalid(message) from None


def slug_param(name: str, description: str, example: str = "") -> Param:
    return Param(name, description, dict(SLUG_SCHEMA), example)


def choice_param(name: str, description: str, values) -> Param:
    return Param(name, description, {"type": "string", "enum": list(values)}, list(values)[0])


PAGE = Param(
    "page",
    "Numéro de la page (à partir de 1).",
    {"type": "integer", "minimum": 1},
    "1",
)
PAGE_SIZE = Param(
    "page_size",
    f"Nombre de résultats par page (de 1 à {MAX_PAGE_SIZE} ; {DEFAULT_PAGE_SIZE} par défaut).",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    "20",
)
UPDATED_SINCE = Param(
    "updated_since",
    "Seulement ce qui a été modifié depuis cette date (ISO 8601, UTC si le fuseau manque).",
    {"type": "string", "format": "date-time"},
    "2026-01-31T12:00:00Z",
)


def parse(query, params: list[Param]) -> dict[str, Any]:
    """The parameters' values; every refusal at once, each under its parameter's name."""
    known = {param.name: param for param in params}
    values, errors = {}, {}
    for name in query:
        param = known.get(name)
        if param is None:
            errors[name] = UNKNOWN
            continue
        raw = query.getlist(name)
        if len(raw) > 1:
            errors[name] = REPEATED
            continue
        try:
            values[name] = param.parse(raw[0])
        except Invalid as refused:
            errors[name] = str(refused)
    if errors:
        raise ParameterError(errors)
    return values
