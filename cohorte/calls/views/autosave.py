"""What an autosave endpoint answers (htmx): a short status line, never a redirect.

Shared by the candidate's application and the administration's proposal. The page's
script (``calls/autosave.js``) shows any answer marked ``X-Autosave`` in its status line,
refusals included, and never replaces the form: the text typed stays on the page.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorte.public.formats import format_clock


def status(
    message: str,
    *,
    level: str,
    status: int,
    revision=None,
    login=False,
    problems=None,
    summary: str = "",
) -> HttpResponse:
    """The status line (``level``: valid or error), with the new revision after a save.

    ``problems`` (after a save: a list, maybe empty) also renews the page's banner of what
    could not be saved and each faulty field's messages: dicts of ``anchor`` (the field's
    id), ``group`` (the id of its messages, "" when it has none) and ``message``.
    ``summary`` (the message itself by default) is the sentence screen readers hear, and
    only when it differs from the last one: it leaves out the time of the save, so saving
    again and again is heard once.
    """
    groups: dict[str, list[str]] = {}
    for problem in problems or []:
        if problem["group"]:
            groups.setdefault(problem["group"], []).append(problem["message"])
    html = render_to_string(
        "calls/includes/autosave_status.html",
        {
            "message": message,
            "summary": summary or message,
            "level": level,
            "revision": revision,
            "login": login,
            "problems": problems,
            "groups": groups.items(),
        },
    )
    response = HttpResponse(html, status=status)
    response["X-Autosave"] = "1"  # tells the page's script this answer is meant to be shown
    if problems is not None:
        response["X-Autosave-Saved"] = "1"  # the fields' former messages are to be cleared
    response["Cache-Control"] = "no-store"
    return response


def saved(moment, revision, problems, *, code: int = 200) -> HttpResponse:
    """After a save: when, and what could not be saved (``problems``, see ``status``)."""
    if problems:
        message = ngettext(
            "Brouillon enregistré à %(time)s, sauf %(n)s point : %(errors)s",
            "Brouillon enregistré à %(time)s, sauf %(n)s points : %(errors)s",
            len(problems),
        ) % {
            "time": format_clock(moment),
            "n": len(problems),
            "errors": " ".join(p["message"] for p in problems),
        }
        summary = ngettext(
            "Brouillon enregistré, sauf %(n)s point à corriger.",
            "Brouillon enregistré, sauf %(n)s points à corriger.",
            len(problems),
        ) % {"n": len(problems)}
        level = "error"
    else:
        message = _("Brouillon enregistré à %(time)s.") % {"time": format_clock(moment)}
        summary = _("Brouillon enregistré.")
        level = "valid"
    return status(
        message, level=level, status=code, revision=revision, problems=problems, summary=summary
    )


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
        summary=_(
            "Votre session a expiré : vos dernières modifications ne sont pas enregistrées. "
            "Reconnectez-vous dans un nouvel onglet."
        ),
    )
