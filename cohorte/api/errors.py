"""Every error of the API is JSON with a French message, never an HTML page nor a 500."""

import math

from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class ParameterError(exceptions.APIException):
    """Query parameters refused: ``{"erreurs": {"<parameter>": "<message>"}}``."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(detail="Paramètres refusés.")


class PageNotFound(exceptions.NotFound):
    """A page past the end of a list."""


def _message(exc) -> str:
    if isinstance(exc, exceptions.Throttled):
        seconds = max(1, math.ceil(exc.wait or 1))
        return f"Trop de requêtes : réessayez dans {seconds} secondes."
    if isinstance(exc, exceptions.MethodNotAllowed):
        return "Méthode non autorisée : l’API est en lecture seule (GET, HEAD, OPTIONS)."
    if isinstance(exc, exceptions.NotAcceptable):
        return "Format non disponible : l’API ne répond qu’en JSON (application/json)."
    if isinstance(exc, PageNotFound):
        return str(exc.detail)
    if isinstance(exc, exceptions.NotFound | Http404):
        detail = getattr(exc, "detail", None)
        if isinstance(detail, str) and detail != exceptions.NotFound.default_detail:
            return str(detail)
        return "Ressource introuvable."
    return "Requête refusée."


def exception_handler(exc, context):
    """DRF's handler (status, Retry-After), with our bodies."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500 handling and logging apply
    if isinstance(exc, ParameterError):
        response.data = {"erreurs": exc.errors}
    else:
        response.data = {"detail": _message(exc)}
    return response


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, not the site's HTML page."""
    return JsonResponse(
        {"detail": "Ressource introuvable."},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
