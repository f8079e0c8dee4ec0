"""/.well-known/security.txt (RFC 9116): where to report a vulnerability."""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .site_address import absolute_url

# RFC 9116 asks for an expiry under a year away; computed per request, it never lapses.
VALID_FOR = datetime.timedelta(days=180)


@require_GET
def security_txt(request):
    """The contact for security reports, the languages they may be written in, and expiry."""
    expires = (timezone.now() + VALID_FOR).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(datetime.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: fr, en",
        f"Canonical: {absolute_url('/.well-known/security.txt')}",
    ]
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
