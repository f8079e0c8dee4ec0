"""The promotions and the page of a promotion."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.calls import current
from cohorte.programmes.models import Cohort

from .. import queries
from ..caching import cache_public_page, cache_until
from ..roles import group_roles


@cache_public_page
def cohort_list(request):
    """Every promotion with its numbers of défis and EIG."""
    return render(request, "public/cohort_list.html", {"cohorts": queries.cohort_summaries()})


@cache_public_page
def cohort_detail(request, slug):
    """A promotion with its open and upcoming calls, its public défis and its people by role."""
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), slug=slug)
    now = timezone.now()
    calls = current.ahead(cohort.calls.all(), now)
    response = render(
        request,
        "public/cohort_detail.html",
        {
            "cohort": cohort,
            "calls": calls,
            "challenges": queries.challenge_cards().filter(cohort=cohort),
            "groups": group_roles(queries.cohort_members(cohort)),
            "breadcrumb": [(_("Promotions"), reverse("public:cohort_list"))],
        },
    )
    return cache_until(response, current.next_change([s.call for s in calls], now))
