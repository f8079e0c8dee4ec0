"""The voting step: a shortlisted candidate ranks the défis (/appels/<slug>/candidature/vote/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.public.formats import format_moment

from .. import voting
from ..applications import ApplicationError
from ..choices import choice_options, decode, encode
from .candidate import _call, _own_application


def _ranks(call, values: list[str]) -> list[dict]:
    options = choice_options(call)
    values = (values + [""] * call.max_choices)[: call.max_choices]
    return [
        {"rank": rank, "value": value, "options": options}
        for rank, value in enumerate(values, start=1)
    ]


@login_required
def vote(request, slug):
    """Show the ranking form while the vote is open; record the candidate's ranking."""
    call = _call(slug)
    application = _own_application(request, call)
    state = voting.vote_state(application)
    values = [encode(c.challenge_id, c.profile_id) for c in application.choices.all()]
    error, status = "", 200
    if request.method == "POST":
        values = request.POST.getlist("choices")
        ranked = []
        for value in values:
            key = decode(value) if value else None
            if value and key is None:
                error = _("Un de vos choix n'est pas proposé par cet appel.")
            elif key:
                ranked.append({"challenge": key[0], "profile": key[1]})
        if not error:
            try:
                voting.cast_vote(application, ranked, request.user)
            except ApplicationError as refused:
                error, status = refused.message, 403
            except ValidationError as invalid:
                error = " ".join(invalid.messages)
            else:
                messages.success(request, _("Vos choix sont enregistrés."))
                return redirect("calls:vote", slug=call.slug)
        status = status if status != 200 else 400
    return render(
        request,
        "calls/vote.html",
        {
            "call": call,
            "application": application,
            "state": state,
            "closes": format_moment(call.voting_closes_at) if call.voting_closes_at else "",
            "ranks": _ranks(call, values),
            "error": error,
            "breadcrumb": [
                (call.title, call.get_absolute_url()),
                (_("Ma candidature"), reverse("calls:application", args=[call.slug])),
            ],
        },
        status=status,
    )
