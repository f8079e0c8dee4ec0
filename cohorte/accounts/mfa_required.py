"""Staff accounts set up a second factor before any work page.

The team, the director, pre-instructors and staff accounts read every application: a
password alone must not open them. Until such an account has a TOTP authenticator, every
page but the public site and the account pages (where the second factor is set up) sends
it to the setup page.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .idle import watched

# Public pages and assets: anyone may see them, so a missing factor changes nothing there.
OPEN_PREFIXES = ("/compte/", "/static/", "/.well-known/", "/healthz")
OPEN_NAMESPACES = {"public"}
MESSAGE = (
    "Votre compte donne accès aux candidatures : activez la double authentification "
    "(application d'authentification) pour continuer."
)


def has_second_factor(user) -> bool:
    """Whether the account signs in with a TOTP code."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMfaRequiredMiddleware:
    """Sends a staff account without a second factor to its setup, from every work page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "STAFF_MFA_REQUIRED", False):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not watched(user):
            return None
        match = request.resolver_match
        if request.path.startswith(OPEN_PREFIXES) or (match and match.namespace in OPEN_NAMESPACES):
            return None
        if has_second_factor(user):
            return None
        messages.warning(request, MESSAGE)
        target = reverse("mfa_activate_totp")
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
