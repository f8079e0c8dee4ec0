"""Headers every response gets: a Content-Security-Policy on pages, a Permissions-Policy,
and no caching anywhere of what a signed-in person sees.

The policy allows the site's own scripts, styles, images and fonts only: no inline
script or style attribute is used anywhere (htmx's own indicator style is turned off in
the page and written in the site's stylesheet), so a script injected into a page by a
text someone typed does not run. It is sent in development too, so that the browser
tests run under it.
"""

from urllib.parse import urlsplit

from django.conf import settings

from .image_hosts import policy_image_sources

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


def _origin(url: str) -> str:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def content_security_policy() -> str:
    """The policy of HTML pages, with the identity provider's origin for sign-in forms."""
    form_action = ["'self'"]
    provider = _origin(getattr(settings, "PROCONNECT_SERVER_URL", ""))
    if provider:
        # Signing in with ProConnect posts here, then redirects there: form-action
        # covers the redirect too.
        form_action.append(provider)
    images = ["'self'", "data:", *policy_image_sources()]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": images,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": form_action,
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class SecurityHeadersMiddleware:
    """Add the policies above; mark every response to a signed-in person private, no-store."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        # A download keeps its own, stricter policy (sandboxed attachments).
        if content_type.startswith("text/html") and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages, exports and files of a signed-in person: no shared or browser cache
            # may keep them (a front cache, the back button on a shared computer).
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response
