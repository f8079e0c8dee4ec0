"""The team's page of the EIG Link support fellows (/gestion/reseau/): list, add, remove.

Access: anonymous visitors go to the login page; everyone outside the team (EIG Link members
included) gets 403.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cohorte.pagination import paginate
from cohorte.programme_words import of, to
from cohorte.programmes import identity

from . import link
from .decorators import team_required
from .roles import LINK_GROUP

PER_PAGE = 50


def _words() -> dict:
    """The network's name as the pages write it: alone, after « de », after « à »."""
    words = identity.current()
    return {
        "network": capfirst(words.network),
        "of_network": of(words.network),
        "to_network": to(words.network),
        "fellows": words.fellow_plural,
    }


@team_required
def members(request):
    """The members of EIG Link; adding one by the address of their account (POST)."""
    email, error, status, words = "", None, 200, _words()
    if request.method == "POST":
        email = request.POST.get("email", "").strip()[:254]
        try:
            user = link.add(email, request.user)
        except ValidationError as problem:
            error, status = problem.messages[0], 400
        else:
            messages.success(
                request,
                _("%(name)s fait désormais partie %(of_network)s.")
                % {"name": link.display(user), "of_network": words["of_network"]},
            )
            return redirect("link:members")
    page = paginate(request, link.members(), PER_PAGE)
    return render(
        request,
        "accounts/link_members.html",
        words | {"title": words["network"], "page_obj": page, "email": email, "error": error},
        status=status,
    )


@team_required
def remove(request, user_id):
    """Confirm (GET), then take a member out of EIG Link (POST)."""
    user = get_object_or_404(get_user_model(), pk=user_id, groups__name=LINK_GROUP)
    words = _words()
    if request.method == "POST":
        try:
            link.remove(user, request.user)
        except ValidationError as problem:  # pragma: no cover - the lookup above checks it
            messages.error(request, problem.messages[0])
        else:
            messages.success(
                request,
                _("%(name)s ne fait plus partie %(of_network)s.")
                % {"name": link.display(user), "of_network": words["of_network"]},
            )
        return redirect("link:members")
    return render(
        request,
        "accounts/link_remove.html",
        words
        | {
            "title": _("Retirer un membre %(of_network)s") % words,
            "member": user,
            "name": link.display(user),
        },
    )
