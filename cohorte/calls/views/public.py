"""Public pages of the calls (for applications and for projects): the list and one call's page."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cohorte.campaigns.capture import remember_arrival
from cohorte.content.models import FaqEntry
from cohorte.public.caching import cache_public_page, cache_until

from .. import current, windows
from ..choices import choice_rules, open_challenges
from ..models import Application, Call

CLOSED_SHOWN = 5


def _calls():
    return Call.objects.select_related("cohort").prefetch_related("rounds")


@cache_public_page
def call_list(request):
    """Open and upcoming calls for applications and for projects, soonest deadline first."""
    now = timezone.now()
    calls = list(_calls())
    by_phase = {current.OPEN: [], current.UPCOMING: [], current.CLOSED: []}
    for call in calls:
        item = current.state(call, now)
        by_phase[item.phase].append(item)
    by_phase[current.OPEN].sort(key=lambda item: item.window.closes_at)
    by_phase[current.UPCOMING].sort(key=lambda item: item.window.opens_at)
    by_phase[current.CLOSED].sort(
        key=lambda item: item.window.closes_at if item.window else item.call.closes_at,
        reverse=True,
    )
    response = render(
        request,
        "calls/call_list.html",
        {
            "open_calls": by_phase[current.OPEN],
            "upcoming_calls": by_phase[current.UPCOMING],
            "closed_calls": by_phase[current.CLOSED][:CLOSED_SHOWN],
        },
    )
    return cache_until(response, current.next_change(calls, now))


def _faq(audience) -> list:
    entries = list(FaqEntry.objects.filter(audience=audience).order_by("order", "pk"))
    language = (translation.get_language() or "fr").split("-")[0]
    in_language = [e for e in entries if e.language == language]
    return in_language or [e for e in entries if e.language == "fr"]


def _context(call, now) -> dict:
    return {
        "call": call,
        "rounds": windows.rounds_of(call),
        "phase": current.phase(call, now),
        "current": windows.call_window_at(call, now),
        "upcoming": windows.next_window(call, now),
        "last_closed": windows.last_closed_window(call, now),
        "breadcrumb": [(_("Appels"), reverse("calls:call_list"))],
    }


def _applications_page(request, call, now):
    application = None
    if request.user.is_authenticated:
        application = Application.objects.filter(call=call, candidate=request.user).first()
    return render(
        request,
        "calls/call_detail.html",
        {
            **_context(call, now),
            "challenges": list(open_challenges(call).select_related("host_organisation")),
            "profiles": list(call.profiles.order_by("name")),
            "faq": _faq(FaqEntry.Audience.CANDIDATES),
            "choice_rules": choice_rules(call),
            "application": application,
            "apply_url": reverse("calls:application", args=[call.slug]),
        },
    )


def _projects_page(request, call, now):
    return render(
        request,
        "calls/project_call_detail.html",
        {
            **_context(call, now),
            "faq": _faq(FaqEntry.Audience.ADMINISTRATIONS),
            "propose_url": reverse("projects:new", args=[call.slug]),
        },
    )


@remember_arrival
@cache_public_page
def call_detail(request, slug):
    """A call: windows, calendar, rules, FAQ and how to apply (or to propose a défi)."""
    now = timezone.now()
    call = _calls().filter(slug=slug).first()
    if call is None:
        raise Http404
    if call.kind == Call.Kind.PROJECTS:
        response = _projects_page(request, call, now)
    else:
        response = _applications_page(request, call, now)
    return cache_until(response, current.next_change([call], now))
