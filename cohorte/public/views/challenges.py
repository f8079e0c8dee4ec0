"""The défi catalogue and the page of a défi."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.calls import current
from cohorte.calls.models import Call
from cohorte.challenges.models import ChallengeLink
from cohorte.pagination import paginate

from .. import queries
from ..caching import cache_public_page, cache_until
from ..forms import ChallengeFilterForm
from ..roles import group_roles
from . import legacy

PER_PAGE = 12
PARAMS = ("q", "promotion", "theme", "expertise", "organisation", "page")


@cache_public_page(params=PARAMS)
def challenge_list(request):
    """Public défis, filtered by promotion, theme, expertise, organisation and text."""
    form = ChallengeFilterForm(request.GET)
    filters = form.active_filters()
    challenges = queries.filter_challenges(queries.challenge_cards(), filters)
    page = paginate(request, challenges, PER_PAGE)
    return render(
        request,
        "public/challenge_list.html",
        {"form": form, "page_obj": page, "filter_params": filters, "is_filtered": bool(filters)},
    )


@cache_public_page
def challenge_detail(request, slug):
    """Everything about a public défi: presentation, how to apply, team, outcomes and links."""
    challenge = queries.challenge_detail().filter(slug=slug).first()
    if challenge is None:
        # A former slug (imported content, old links) leads to the défi's page.
        moved = legacy.moved_challenge(slug)
        if moved is None:
            raise Http404
        return redirect(moved, permanent=True)
    links = list(challenge.links.all())
    now = timezone.now()
    calls = current.ahead(challenge.calls.filter(kind=Call.Kind.APPLICATIONS), now)
    response = render(
        request,
        "public/challenge_detail.html",
        {
            "challenge": challenge,
            "calls": calls,
            "team": group_roles(challenge.public_roles),
            "code_links": [link for link in links if link.kind == ChallengeLink.Kind.CODE],
            "data_links": [link for link in links if link.kind == ChallengeLink.Kind.DATA],
            "other_links": [link for link in links if link.kind == ChallengeLink.Kind.OTHER],
            "breadcrumb": [(_("Défis"), reverse("public:challenge_list"))],
        },
    )
    # "Candidater" appears and disappears as its calls open and close.
    return cache_until(response, current.next_change([s.call for s in calls], now))
