"""Deployment checks of the site's address (``manage.py check --deploy``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.security, deploy=True)
def site_address(app_configs, **kwargs):
    """SITE_URL in https, naming a host the site answers to."""
    found = []
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme != "https":
        found.append(
            Warning(
                f"SITE_URL « {settings.SITE_URL} » n'est pas en https : les liens des e-mails "
                "et des fichiers d'agenda mèneraient à une adresse non chiffrée.",
                id="cohorte.W001",
            )
        )
    host = parts.hostname or ""
    if not validate_host(host, settings.ALLOWED_HOSTS):
        found.append(
            Warning(
                f"SITE_URL nomme « {host} », absent d'ALLOWED_HOSTS : les liens envoyés "
                "mèneraient à une adresse que le site refuse.",
                id="cohorte.W002",
            )
        )
    return found
