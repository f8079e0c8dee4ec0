"""Staff sessions end after a period of inactivity.

The team, the director, pre-instructors and staff accounts see every application: a work
page left open on a shared or stolen computer must not stay signed in. Candidates and
fellows keep the ordinary session, which the browser ends.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse

from .roles import is_preinstructor, is_team

LAST_SEEN = "cohorte_last_seen"
# The session is written at most this often, not on every request.
RESOLUTION_SECONDS = 60


def watched(user) -> bool:
    """Whether the account's session ends after inactivity."""
    return user.is_staff or user.is_superuser or is_team(user) or is_preinstructor(user)


class StaffIdleTimeoutMiddleware:
    """Signs a staff account out after ``STAFF_SESSION_IDLE_MINUTES`` without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        minutes = getattr(settings, "STAFF_SESSION_IDLE_MINUTES", None)
        user = getattr(request, "user", None)
        if minutes and user is not None and user.is_authenticated and watched(user):
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > minutes * 60:
                return self._expire(request, minutes)
            if last is None or now - last >= RESOLUTION_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)

    def _expire(self, request, minutes):
        logout(request)
        messages.info(
            request,
            f"Votre session a pris fin après {minutes} minutes sans activité : "
            "reconnectez-vous pour continuer.",
        )
        response = redirect_to_login(request.get_full_path())
        if getattr(request, "htmx", False):
            # htmx would swap the login page into a fragment: the browser goes there instead.
            redirect = HttpResponse(status=204)
            redirect["HX-Redirect"] = response["Location"]
            return redirect
        return response
