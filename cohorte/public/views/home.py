"""The home page: the programme, its key figures, its calls and its latest posts."""

from django.shortcuts import render
from django.utils import timezone

from cohorte.calls import current
from cohorte.programmes.models import Programme

from .. import queries
from ..caching import cache_public_page, cache_until

LATEST_POSTS = 3


@cache_public_page
def home(request):
    """What the programme is, in figures, with its open and upcoming calls and latest news."""
    now = timezone.now()
    calls = queries.calls_at(now)
    response = render(
        request,
        "public/home.html",
        {
            "programme": Programme.objects.order_by("pk").first(),
            "figures": queries.key_figures(),
            "open_calls": calls["open"],
            "upcoming_calls": calls["upcoming"],
            "latest_posts": queries.listed_post_cards()[:LATEST_POSTS],
        },
    )
    # The page changes when a call opens or closes, a scheduled post goes public or an offer
    # closes.
    cache_until(response, current.next_change(calls["open"] + calls["upcoming"], now))
    return cache_until(response, queries.next_post_list_change())
