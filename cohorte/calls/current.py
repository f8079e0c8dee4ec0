"""Which call a visitor is led to, and where each call stands at a given moment.

"Candidater" and "Proposer un défi" lead to the call of that kind open now (the one closing
soonest); when none is open, to the next one to open, whose page gives its dates; when
none is announced, to the FAQ of that audience. A défi's page and a promotion's page point
to their open and upcoming calls the same way.
"""

import datetime
from dataclasses import dataclass

from . import windows
from .models import Call

OPEN, UPCOMING, CLOSED = "open", "upcoming", "closed"


@dataclass(frozen=True)
class CallState:
    """A call, where it stands at a moment, and the window that says when."""

    call: Call
    phase: str
    window: windows.Window | None

    @property
    def is_open(self) -> bool:
        return self.phase == OPEN


def phase(call: Call, moment) -> str:
    """ "open", "upcoming" or "closed": whether the call accepts submissions at ``moment``."""
    if windows.call_window_at(call, moment) is not None:
        return OPEN
    if windows.next_window(call, moment) is not None:
        return UPCOMING
    return CLOSED


def state(call: Call, moment) -> CallState:
    """The call's phase at ``moment`` with its current, next or last window."""
    current = phase(call, moment)
    window = {
        OPEN: windows.call_window_at,
        UPCOMING: windows.next_window,
        CLOSED: windows.last_closed_window,
    }[current](call, moment)
    return CallState(call, current, window)


def next_change(calls, moment) -> datetime.datetime | None:
    """The next opening or closing of any window of ``calls`` (pages showing them change then)."""
    moments = []
    for call in calls:
        moments += [call.opens_at, call.closes_at]
        for r in call.rounds.all():
            moments += [r.opens_at, r.closes_at]
    future = [m for m in moments if m > moment]
    return min(future) if future else None


def ahead(calls, moment) -> list[CallState]:
    """The open calls of ``calls`` (closing soonest first), then the upcoming (opening soonest
    first); closed ones left out. Rounds are prefetched: two queries."""
    states = [
        state(call, moment)
        for call in calls.filter(closes_at__gt=moment).select_related("cohort")
        .prefetch_related("rounds").order_by("opens_at", "pk")
    ]  # fmt: skip
    opened = sorted((s for s in states if s.is_open), key=lambda s: s.window.closes_at)
    upcoming = sorted((s for s in states if s.phase == UPCOMING), key=lambda s: s.window.opens_at)
    return opened + upcoming


def current_call(kind: str, moment) -> Call | None:
    """The call of this kind open at ``moment``, else the next to open, else None."""
    states = ahead(Call.objects.filter(kind=kind), moment)
    return states[0].call if states else None
