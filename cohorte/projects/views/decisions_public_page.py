"""The team edits the public page of a défi created from a selected proposal (title,
tagline, context, the défi, missions, data, image) before it is published, and after.

Access: anonymous visitors go to the login page; signed-in users outside the programme
team get 403; a défi of another call, or one the reader is kept away from (a conflict of
interest), is a 404.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cohorte.challenges.models import Challenge
from cohorte.reviews.exclusions import without_conflicts

from ..public_page import PARTS, PublicPageError, split_body, update_public_page
from .decisions import project_call, team_required


def _challenge(call, pk, user) -> Challenge:
    challenge = (
        without_conflicts(Challenge.objects.filter(proposal__call=call), user, "proposal")
        .filter(pk=pk)
        .first()
    )
    if challenge is None:
        raise Http404
    return challenge


def _render(request, call, challenge, values, errors=None, status=200):
    errors = errors or {}
    summary = [
        (name, message)
        for name in ("title", "tagline", *(p.key for p in PARTS), "image")
        for message in errors.get(name, [])
    ]
    parts = [
        {
            "key": part.key,
            "heading": part.heading,
            "help": part.help,
            "value": values["parts"].get(part.key, ""),
            "errors": errors.get(part.key, []),
        }
        for part in PARTS
    ]
    context = {
        "call": call,
        "challenge": challenge,
        "values": values,
        "parts": parts,
        "errors": errors,
        "summary": summary,
    }
    return render(request, "projects/decisions/public_page.html", context, status=status)


@team_required
def public_page(request, call_id, pk):
    """The défi's public page as the team edits it; saving records the parts changed."""
    call = project_call(call_id)
    challenge = _challenge(call, pk, request.user)
    if request.method != "POST":
        values = {
            "title": challenge.title,
            "tagline": challenge.tagline,
            "parts": split_body(challenge.body),
        }
        return _render(request, call, challenge, values)
    values = {
        "title": request.POST.get("title", ""),
        "tagline": request.POST.get("tagline", ""),
        "parts": {part.key: request.POST.get(part.key, "") for part in PARTS},
    }
    try:
        changed = update_public_page(
            challenge,
            request.user,
            title=values["title"],
            tagline=values["tagline"],
            parts=values["parts"],
            image=request.FILES.get("image"),
            remove_image=request.POST.get("remove_image") == "1",
        )
    except PublicPageError as exc:
        return _render(request, call, challenge, values, exc.errors, status=400)
    if changed:
        messages.success(request, _("La page publique du défi est enregistrée."))
    else:
        messages.info(request, _("Aucune modification à enregistrer."))
    return redirect("project_decisions:public_page", call.pk, challenge.pk)
