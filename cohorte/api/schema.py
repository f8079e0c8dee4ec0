"""JSON schemas of the API's bodies, derived from the open data fields (one description)."""

from cohorte import programme_words as words
from cohorte.opendata.resources import Field
from cohorte.programmes import identity

TYPES = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
}

SAMPLES = {
    "string": "exemple",
    "integer": 1,
    "number": 12.5,
    "boolean": True,
    "date": "2026-01-31",
    "datetime": "2026-01-31T12:00:00Z",
}


def programme_info(result, generator, request, public):
    """Title the OpenAPI document with the programme's name (drf-spectacular's hook)."""
    # Without a request the schema is built offline (``manage.py check``, perhaps before any
    # migration): the database is not read then.
    name = words.name() if request is not None else identity.last_known().name
    result["info"]["title"] = f"API publique du programme {name}"
    return result


def field_schema(field: Field) -> dict:
    schema = {**TYPES[field.type], "description": field.description}
    if field.format == "uri":
        schema["format"] = "uri"
    if field.array:
        return {"type": "array", "items": TYPES[field.type], "description": field.description}
    if field.enum:
        schema["enum"] = list(field.enum) if field.required else [*field.enum, None]
    if not field.required:
        schema["nullable"] = True
    return schema


def object_schema(fields, nested: dict | None = None) -> dict:
    properties = {field.name: field_schema(field) for field in fields}
    properties.update(nested or {})
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def sample(fields, nested_samples: dict | None = None) -> dict:
    """An example object for the documentation."""
    example = {}
    for field in fields:
        if field.enum:
            value = field.enum[0]
        elif field.format == "uri":
            value = "https://exemple.gouv.fr/"
        elif field.name in ("slug", "promotion", "defi", "personne"):
            value = "exemple-2026"
        else:
            value = SAMPLES[field.type]
        example[field.name] = [value] if field.array else value
    example.update(nested_samples or {})
    return example


def page_schema(item: dict) -> dict:
    return {
        "type": "object",
        "properties": {
            "nombre": {"type": "integer", "description": "Nombre total de résultats."},
            "page": {"type": "integer", "description": "Numéro de cette page."},
            "pages": {"type": "integer", "description": "Nombre de pages."},
            "suivant": {
                "type": "string",
                "format": "uri",
                "nullable": True,
                "description": "Adresse de la page suivante.",
            },
            "precedent": {
                "type": "string",
                "format": "uri",
                "nullable": True,
                "description": "Adresse de la page précédente.",
            },
            "resultats": {"type": "array", "items": item, "description": "Résultats."},
        },
        "required": ["nombre", "page", "pages", "suivant", "precedent", "resultats"],
        "additionalProperties": False,
    }


def list_schema(item: dict) -> dict:
    return {
        "type": "object",
        "properties": {"resultats": {"type": "array", "items": item}},
        "required": ["resultats"],
        "additionalProperties": False,
    }


DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "Message en français."}},
    "required": ["detail"],
}
PARAMETER_ERRORS = {
    "type": "object",
    "properties": {
        "erreurs": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "Message en français pour chaque paramètre refusé.",
        }
    },
    "required": ["erreurs"],
}
