"""System checks: the site's address (``manage.py check --deploy``) and the RGAA audit grid."""

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


@register()
def accessibility_audit(app_configs, **kwargs):
    """The audit grid the statement and every page's footer read is present and coherent."""
    from django.core.checks import Error
    from django.core.exceptions import ImproperlyConfigured

    from .accessibility_audit import current_audit

    try:
        current_audit()
    except (ImproperlyConfigured, OSError, ValueError, KeyError, TypeError) as problem:
        return [
            Error(
                f"La grille d'audit RGAA ne se lit pas ({problem}) : la déclaration "
                "d'accessibilité et le pied de chaque page en dépendent.",
                hint="Voir docs/accessibility/README.md, « Updating the audit ».",
                id="cohorte.E001",
            )
        ]
    return []
