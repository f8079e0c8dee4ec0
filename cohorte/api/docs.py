"""/api/v1/docs: the API's documentation, written on the server from its OpenAPI document."""

import shlex

from django.shortcuts import render
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator

from cohorte.public.caching import cache_public_page
from cohorte.site_address import absolute_url

HIDDEN = {"additionalProperties"}


def _type(schema: dict) -> str:
    if schema.get("type") == "array":
        return f"liste de {_type(schema.get('items', {}))}"
    kind = {
        "string": "texte",
        "integer": "entier",
        "number": "nombre",
        "boolean": "booléen",
        "object": "objet",
    }.get(schema.get("type", ""), schema.get("type", ""))
    formats = {"date": "date", "date-time": "date et heure", "uri": "adresse"}
    if schema.get("format") in formats:
        kind = formats[schema["format"]]
    return kind


def _values(schema: dict) -> str:
    return ", ".join(str(v) for v in schema.get("enum", []) if v is not None)


def _fields(schema: dict, prefix: str = "") -> list[dict]:
    rows = []
    for name, prop in schema.get("properties", {}).items():
        rows.append(
            {
                "name": prefix + name,
                "type": _type(prop),
                "values": _values(prop),
                "nullable": bool(prop.get("nullable")),
                "description": prop.get("description", ""),
            }
        )
        items = prop.get("items", {})
        if items.get("type") == "object":
            rows += _fields(items, prefix=f"{prefix}{name}[].")
    return rows


def _operations(document: dict) -> list[dict]:
    operations = []
    for path, methods in document["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        body = operation["responses"]["200"]["content"]["application/json"]["schema"]
        listed = body["properties"].get("resultats")
        item = listed["items"] if listed else body
        example_path = path
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                example_path = example_path.replace("{" + parameter["name"] + "}", "exemple")
        url = absolute_url(example_path)
        operations.append(
            {
                "id": operation["operationId"],
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [
                    {
                        "name": p["name"],
                        "where": "chemin" if p["in"] == "path" else "requête",
                        "type": _type(p["schema"]),
                        "values": _values(p["schema"]),
                        "limits": _limits(p["schema"]),
                        "description": p.get("description", ""),
                    }
                    for p in operation.get("parameters", [])
                ],
                "fields": _fields(item),
                "errors": sorted(code for code in operation["responses"] if code != "200"),
                "curl": "curl -i " + shlex.quote(url),
            }
        )
    return operations


def _limits(schema: dict) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"de {low} à {high}"
    return ""


def document() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


@require_safe
@cache_public_page
def documentation(request):
    """Each endpoint with its parameters, its response fields and an example."""
    schema = document()
    return render(
        request,
        "api/docs.html",
        {
            "info": schema["info"],
            "operations": _operations(schema),
            "openapi_url": absolute_url("/api/v1/openapi.json"),
        },
    )
