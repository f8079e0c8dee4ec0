"""Error pages: 404 within the site's layout, 500 standalone (no database, no context)."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def page_not_found(request, exception=None):
    """The DSFR 404 page."""
    return render(request, "404.html", status=404)


def server_error(request):
    """The DSFR 500 page, rendered without the request: the failure may be the database."""
    return HttpResponseServerError(loader.get_template("500.html").render())
