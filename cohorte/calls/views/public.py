"""Public pages of the calls for applications: the list and one call's page."""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cohorte.content.models import FaqEntry
from cohorte.public.caching import cache_public_page, cache_until

from .. import windows
from ..choices import choice_rules, open_challenges
from ..models import Application, Call


def _applications_calls():
    return (
        Call.objects.filter(kind=Call.Kind.APPLICATIONS)
        .select_related("cohort")
        .prefetch_related("rounds")
    )


def _next_change(calls, now) -> datetime.datetime | None:
    # The page is true until the next opening or closing of any window it shows.
    moments = []
    for call in calls:
        moments += [call.opens_at, call.closes_at]
        for r in call.rounds.all():
            moments += [r.opens_at, r.closes_at]
    future = [m for m in moments if m > now]
    return min(future) if future else None


def _phase(call, now) -> str:
    if windows.call_window_at(call, now) is not None:
        return "open"
    if windows.next_window(call, now) is not None:
        return "upcoming"
    return "closed"


@cache_public_page
def call_list(request):
    """Open and upcoming calls for applications, soonest deadline first."""
    now = timezone.now()
    calls = list(_applications_calls())
    by_phase = {"open": [], "upcoming": [], "closed": []}
    for call in calls:
        phase = _phase(call, now)
        window = (
            windows.call_window_at(call, now)
            if phase == "open"
            else windows.next_window(call, now)
            if phase == "upcoming"
            else windows.last_closed_window(call, now)
        )
        by_phase[phase].append({"call": call, "window": window})
    by_phase["open"].sort(key=lambda item: item["window"].closes_at)
    by_phase["upcoming"].sort(key=lambda item: item["window"].opens_at)
    by_phase["closed"].sort(key=lambda item: item["window"].closes_at, reverse=True)
    response = render(
        request,
        "calls/call_list.html",
        {
            "open_calls": by_phase["open"],
            "upcoming_calls": by_phase["upcoming"],
            "closed_calls": by_phase["closed"][:5],
        },
    )
    return cache_until(response, _next_change(calls, now))


def _faq() -> list:
    entries = list(
        FaqEntry.objects.filter(audience=FaqEntry.Audience.CANDIDATES).order_by("order", "pk")
    )
    language = (translation.get_language() or "fr").split("-")[0]
    in_language = [e for e in entries if e.language == language]
    return in_language or [e for e in entries if e.language == "fr"]


@cache_public_page
def call_detail(request, slug):
    """A call for applications: windows, calendar, rules, FAQ, défis and how to apply."""
    now = timezone.now()
    call = _applications_calls().filter(slug=slug).first()
    if call is None:
        raise Http404
    rounds = windows.rounds_of(call)
    phase = _phase(call, now)
    challenges = list(open_challenges(call).select_related("host_organisation"))
    application = None
    if request.user.is_authenticated:
        application = Application.objects.filter(call=call, candidate=request.user).first()
    apply_url = reverse("calls:application", args=[call.slug])
    response = render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "rounds": rounds,
            "phase": phase,
            "current": windows.call_window_at(call, now),
            "upcoming": windows.next_window(call, now),
            "last_closed": windows.last_closed_window(call, now),
            "challenges": challenges,
            "profiles": list(call.profiles.order_by("name")),
            "faq": _faq(),
            "choice_rules": choice_rules(call),
            "application": application,
            "apply_url": apply_url,
            "breadcrumb": [(_("Appels à candidatures"), reverse("calls:call_list"))],
        },
    )
    return cache_until(response, _next_change([call], now))
