"""Error pages in the site's layout (400, 403, CSRF failure, 404), a standalone 500 and the
503 of a database out of reach."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from cohorte.programmes import identity


def bad_request(request, exception=None):
    """The DSFR 400 page: the request could not be understood."""
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    """The DSFR 403 page, saying what the person can do: sign in, or with another account."""
    return render(request, "403.html", {"refused_path": request.get_full_path()}, status=403)


def csrf_failure(request, reason=""):
    """The DSFR page of a form refused by the CSRF check (an expired page, most often)."""
    return render(request, "403_csrf.html", {"refused_path": request.path}, status=403)


def page_not_found(request, exception=None):
    """The DSFR 404 page."""
    return render(request, "404.html", status=404)


def server_error(request):
    """The DSFR 500 page, rendered without the request: the failure may be the database.

    When the database could not be reached (a restart, a failover), nothing of the request
    was saved: a 503 says so and asks to try again in a moment.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(
            loader.get_template("503.html").render(_server_error_context()), status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render(_server_error_context()))


def _server_error_context() -> dict:
    # What this process last knew of its programme, never read now: the failure may be the
    # database.
    defaults = identity.last_known()
    return {
        "site_name": defaults.name,
        "site_brand": defaults.brand,
        "site_operator": defaults.operator_legal_name or defaults.operator,
    }


# A database restart takes a few seconds.
RETRY_AFTER_SECONDS = 5

# What Django's technical pages of DEBUG carry, and the site's own pages do not.
TECHNICAL_MARKER = b'<meta name="robots" content="NONE,NOARCHIVE">'


class SitePageNotFoundMiddleware:
    """With DEBUG on, the 404 page is the site's, as in production: ``make run`` is how
    people first try Cohorte, and Django's technical page is English and alarming. The
    console still logs the address that was not found."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and not response.streaming
            and TECHNICAL_MARKER in response.content
        ):
            return page_not_found(request)
        return response
