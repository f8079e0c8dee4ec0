"""The public read-only API: one list and one detail view per resource (see endpoints.py)."""

import math
from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from cohorte.site_address import absolute_url

from . import params, schema
from .endpoints import ENDPOINTS, Endpoint, apply_filters
from .errors import PageNotFound


def _errors(*codes) -> dict:
    described = {
        400: OpenApiResponse(
            schema.PARAMETER_ERRORS,
            description="Paramètre inconnu, répété, d’un mauvais type ou hors limites.",
            examples=[
                OpenApiExample(
                    "Paramètre inconnu",
                    value={"erreurs": {"couleur": "Paramètre inconnu."}},
                    status_codes=["400"],
                )
            ],
        ),
        404: OpenApiResponse(
            schema.DETAIL,
            description="Ressource ou page introuvable.",
            examples=[
                OpenApiExample(
                    "Page au-delà de la fin",
                    value={"detail": "La page 9 n’existe pas : la dernière est la page 2."},
                    status_codes=["404"],
                )
            ],
        ),
        429: OpenApiResponse(
            schema.DETAIL,
            description="Trop de requêtes de ce client : l’en-tête Retry-After dit quand "
            "réessayer.",
            examples=[
                OpenApiExample(
                    "Limite atteinte",
                    value={"detail": "Trop de requêtes : réessayez dans 30 secondes."},
                    status_codes=["429"],
                )
            ],
        ),
    }
    return {code: described[code] for code in codes}


def _parameter(param: params.Param) -> OpenApiParameter:
    return OpenApiParameter(
        param.name,
        type=param.schema,
        location=OpenApiParameter.QUERY,
        required=False,
        description=param.description,
        examples=[OpenApiExample(param.name, value=param.example)] if param.example else None,
    )


def _query_params(endpoint: Endpoint) -> list[params.Param]:
    own = [param for param, _apply in endpoint.filters]
    return [*own, params.PAGE, params.PAGE_SIZE] if endpoint.paginated else own


def _page_url(request, number: int) -> str:
    query = {name: request.query_params[name] for name in request.query_params}
    query["page"] = str(number)
    return absolute_url(request.path + "?" + urlencode(query))


def make_views(endpoint: Endpoint):
    """The list and detail views of one resource, with their OpenAPI description."""
    item = endpoint.item_schema
    body = schema.page_schema(item) if endpoint.paginated else schema.list_schema(item)
    example = endpoint.example
    if endpoint.paginated:
        listed = {
            "nombre": 1,
            "page": 1,
            "pages": 1,
            "suivant": None,
            "precedent": None,
            "resultats": [example],
        }
    else:
        listed = {"resultats": [example]}

    list_schema = extend_schema(
        operation_id=f"{endpoint.name}_liste",
        summary=f"{endpoint.title} : liste",
        description=endpoint.description,
        parameters=[_parameter(param) for param in _query_params(endpoint)],
        responses={
            200: OpenApiResponse(
                body,
                description="La liste.",
                examples=[OpenApiExample("Exemple", value=listed, status_codes=["200"])],
            ),
            **_errors(400, 404, 429),
        },
        tags=[endpoint.title],
    )
    detail_schema = extend_schema(
        operation_id=f"{endpoint.name}_detail",
        summary=f"{endpoint.title} : détail",
        description=f"Un élément par son identifiant stable ({endpoint.lookup}).",
        parameters=[
            OpenApiParameter(
                endpoint.lookup,
                type=dict(params.SLUG_SCHEMA),
                location=OpenApiParameter.PATH,
                description="Identifiant stable.",
            )
        ],
        responses={
            200: OpenApiResponse(
                item,
                description="L’élément.",
                examples=[OpenApiExample("Exemple", value=example, status_codes=["200"])],
            ),
            **_errors(400, 404, 429),
        },
        tags=[endpoint.title],
    )

    class ListView(APIView):
        @list_schema
        def get(self, request):
            values = params.parse(request.query_params, _query_params(endpoint))
            if not endpoint.paginated:
                rows = apply_filters(endpoint, endpoint.items(), values)
                return Response({"resultats": [endpoint.row(row) for row in rows]})
            queryset = apply_filters(endpoint, endpoint.items(), values)
            size = values.get("page_size", params.DEFAULT_PAGE_SIZE)
            number = values.get("page", 1)
            total = queryset.count()
            pages = max(1, math.ceil(total / size))
            if number > pages:
                raise PageNotFound(
                    f"La page {number} n’existe pas : la dernière est la page {pages}."
                )
            start = (number - 1) * size
            # The page's ids first, then its rows: the per-row figures (current state,
            # career) are computed for one page, not for every row the sort goes through.
            ids = list(queryset.values_list("pk", flat=True)[start : start + size])
            found = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
            results = [endpoint.row(found[pk]) for pk in ids]
            return Response(
                {
                    "nombre": total,
                    "page": number,
                    "pages": pages,
                    "suivant": _page_url(request, number + 1) if number < pages else None,
                    "precedent": _page_url(request, number - 1) if number > 1 else None,
                    "resultats": results,
                }
            )

    class DetailView(APIView):
        @detail_schema
        def get(self, request, **kwargs):
            params.parse(request.query_params, [])
            key = kwargs[endpoint.lookup]
            if not endpoint.paginated:
                found = [row for row in endpoint.items() if row[endpoint.lookup] == key]
            else:
                found = list(endpoint.items().filter(**{endpoint.lookup: key})[:1])
            if not found:
                raise NotFound(endpoint.missing)
            return Response(endpoint.row(found[0]))

    ListView.__name__ = ListView.__qualname__ = f"{endpoint.name.title()}List"
    DetailView.__name__ = DetailView.__qualname__ = f"{endpoint.name.title()}Detail"
    return ListView, DetailView


VIEWS = {endpoint.name: make_views(endpoint) for endpoint in ENDPOINTS}


def list_url(name: str) -> str:
    return reverse(f"api:{name}_list")
