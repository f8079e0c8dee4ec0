"""What an autosave endpoint answers (htmx): a short status line, never a redirect.

Shared by the candidate's application and the administration's proposal. The page's
script (``calls/autosave.js``) shows any answer marked ``X-Autosave`` in its status line,
refusals included, and never replaces the form: the text typed stays on the page.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def status(message: str, *, level: str, status: int, revision=None, login=False) -> HttpResponse:
    """The status line (``level``: valid or error), with the new revision after a save."""
    html = render_to_string(
        "calls/includes/autosave_status.html",
        {"message": message, "level": level, "revision": revision, "login": login},
    )
    response = HttpResponse(html, status=status)
    response["X-Autosave"] = "1"  # tells the page's script this answer is meant to be shown
    response["Cache-Control"] = "no-store"
    return response


def session_expired() -> HttpResponse:
    """An autosave from a page whose session has ended: say so, with a link to sign in."""
    return status(
        _(
            "Votre session a expiré : vos dernières modifications ne sont pas enregistrées. "
            "Ne fermez pas cette page : reconnectez-vous dans un nouvel onglet, puis revenez "
            "ici et enregistrez."
        ),
        level="error",
        status=401,
        login=True,
    )
