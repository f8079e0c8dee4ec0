"""Which submission window applies to an application, and what to say when it is not open.

The rule (documented in the README): an application belongs to the round that was open
when it was first submitted; until then, a draft may be completed in whichever round is
open. Its deadline is that round's closing moment, or the call's when the call has no
rounds. A moment is open when ``opens_at <= moment < closes_at``: at the closing instant
exactly, the window is closed.

The same rules govern a proposal of a call for projects (duck-typed on ``.call``,
``.round``, ``.status``); the messages then speak of a "proposition" (see ``WORDS``).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.public.formats import format_moment

from .models import Application, Call, Round

# Shortlisting does not lock a file: until its window closes the candidate may still edit
# and submit it again (reviewers read the version submitted last).
EDITABLE_STATES = {
    Application.Status.DRAFT,
    Application.Status.SUBMITTED,
    Application.Status.SHORTLISTED,
}


@dataclass(frozen=True)
class Window:
    """A submission window: the call's own, or one of its rounds."""

    opens_at: datetime.datetime
    closes_at: datetime.datetime
    round: Round | None = None

    def is_open(self, moment) -> bool:
        return self.opens_at <= moment < self.closes_at


@dataclass(frozen=True)
class Access:
    """Whether an application may be edited or submitted now, and why not."""

    open: bool
    window: Window | None
    reason: str = ""  # "upcoming", "closed" or "state" when not open
    message: str = ""


def rounds_of(call: Call) -> list[Round]:
    """The call's rounds in order (uses the prefetch cache when there is one)."""
    return sorted(call.rounds.all(), key=lambda r: (r.opens_at, r.pk))


def round_open_at(call: Call, moment) -> Round | None:
    """The round accepting submissions at ``moment``, if any."""
    return next((r for r in rounds_of(call) if r.is_open(moment)), None)


def call_window_at(call: Call, moment) -> Window | None:
    """The window open at ``moment`` for a new or draft application, if any."""
    rounds = rounds_of(call)
    if not rounds:
        window = Window(call.opens_at, call.closes_at)
        return window if window.is_open(moment) else None
    current = round_open_at(call, moment)
    return Window(current.opens_at, current.closes_at, current) if current else None


def next_window(call: Call, moment) -> Window | None:
    """The next window to open after ``moment``."""
    rounds = rounds_of(call)
    if not rounds:
        return Window(call.opens_at, call.closes_at) if call.opens_at > moment else None
    upcoming = [r for r in rounds if r.opens_at > moment]
    return Window(upcoming[0].opens_at, upcoming[0].closes_at, upcoming[0]) if upcoming else None


def last_closed_window(call: Call, moment) -> Window | None:
    """The window that closed most recently before ``moment``."""
    rounds = rounds_of(call)
    if not rounds:
        return Window(call.opens_at, call.closes_at) if call.closes_at <= moment else None
    closed = [r for r in rounds if r.closes_at <= moment]
    if not closed:
        return None
    last = max(closed, key=lambda r: r.closes_at)
    return Window(last.opens_at, last.closes_at, last)


def application_window(application: Application, moment) -> Window | None:
    """The window that governs this application at ``moment`` (see the module doc)."""
    if application.round_id:
        r = application.round
        return Window(r.opens_at, r.closes_at, r)
    if not rounds_of(application.call):
        return Window(application.call.opens_at, application.call.closes_at)
    return call_window_at(application.call, moment)


def deadline(application: Application, moment) -> datetime.datetime | None:
    """The moment after which this application can no longer be changed."""
    window = application_window(application, moment)
    if window is not None:
        return window.closes_at
    closed = last_closed_window(application.call, moment)
    return closed.closes_at if closed else None


def _several_rounds(call: Call) -> bool:
    return len(rounds_of(call)) > 1


# What a refused action says, by kind of call: a candidature, or a défi's proposition.
WORDS = {
    Call.Kind.APPLICATIONS: {
        "submit": gettext_lazy("votre candidature n'a pas pu être déposée."),
        "edit": gettext_lazy("votre candidature ne peut plus être modifiée."),
        "start": gettext_lazy("il n'est plus possible de candidater."),
        "round_upcoming": gettext_lazy(
            "vous pourrez déposer votre candidature à partir de cette date."
        ),
        "call_upcoming": gettext_lazy("vous pourrez candidater à partir de cette date."),
        "withdrawn": gettext_lazy(
            "Vous avez retiré cette candidature : elle ne peut plus être modifiée."
        ),
        "examined": gettext_lazy(
            "Votre candidature est en cours d'examen : elle ne peut plus être modifiée."
        ),
        "decided": gettext_lazy(
            "La décision sur votre candidature vous a été communiquée : elle ne peut plus être "
            "modifiée."
        ),
        "none": gettext_lazy("Cet appel n'accepte pas de candidature."),
    },
    Call.Kind.PROJECTS: {
        "submit": gettext_lazy("votre proposition n'a pas pu être déposée."),
        "edit": gettext_lazy("votre proposition ne peut plus être modifiée."),
        "start": gettext_lazy("il n'est plus possible de proposer un défi."),
        "round_upcoming": gettext_lazy(
            "vous pourrez déposer votre proposition à partir de cette date."
        ),
        "call_upcoming": gettext_lazy("vous pourrez proposer un défi à partir de cette date."),
        "withdrawn": gettext_lazy(
            "Vous avez retiré cette proposition : elle ne peut plus être modifiée."
        ),
        "examined": gettext_lazy(
            "Votre proposition est en cours d'examen : elle ne peut plus être modifiée."
        ),
        "decided": gettext_lazy(
            "La décision sur votre proposition vous a été communiquée : elle ne peut plus être "
            "modifiée."
        ),
        "none": gettext_lazy("Cet appel n'accepte pas de proposition."),
    },
}


def _says(call: Call, what: str) -> str:
    words = WORDS.get(call.kind, WORDS[Call.Kind.APPLICATIONS])
    return str(words[what])


def closed_message(call: Call, window: Window, action: str) -> str:
    """ "L'appel a fermé le … à 23 h 00, heure de Paris : …" for an action refused as late."""
    consequence = _says(call, action)
    if window.round is not None and _several_rounds(call):
        return _("La session « %(name)s » a fermé le %(moment)s, heure de Paris : %(then)s") % {
            "name": window.round.name,
            "moment": format_moment(window.closes_at),
            "then": consequence,
        }
    return _("L'appel a fermé le %(moment)s, heure de Paris : %(then)s") % {
        "moment": format_moment(window.closes_at),
        "then": consequence,
    }


def upcoming_message(call: Call, window: Window) -> str:
    """ "L'appel ouvre le … : vous pourrez candidater à partir de cette date." """
    if window.round is not None and _several_rounds(call):
        return _("La session « %(name)s » ouvre le %(moment)s, heure de Paris : %(then)s") % {
            "name": window.round.name,
            "moment": format_moment(window.opens_at),
            "then": _says(call, "round_upcoming"),
        }
    return _("L'appel ouvre le %(moment)s, heure de Paris : %(then)s") % {
        "moment": format_moment(window.opens_at),
        "then": _says(call, "call_upcoming"),
    }


# A subject takes its decision's outcome as status when the decision is sent.
DECIDED_STATES = {
    Application.Status.SELECTED,
    Application.Status.NOT_SELECTED,
    Application.Status.WAITING_LIST,
}


def _state_message(subject) -> str:
    if subject.status == Application.Status.WITHDRAWN:
        return _says(subject.call, "withdrawn")
    return _says(subject.call, "decided" if subject.status in DECIDED_STATES else "examined")


def access(call: Call, application, moment, action: str = "edit") -> Access:
    """Whether ``application`` or a proposal (None: a new one) may be edited or submitted now."""
    if application is not None and application.status not in EDITABLE_STATES:
        return Access(False, None, "state", _state_message(application))
    if application is not None:
        window = application_window(application, moment)
    else:
        window = call_window_at(call, moment)
    if window is not None and window.is_open(moment):
        return Access(True, window)
    if window is not None and moment < window.opens_at:
        return Access(False, window, "upcoming", upcoming_message(call, window))
    if window is not None:
        return Access(False, window, "closed", closed_message(call, window, action))
    # No window applies now: between two rounds, before the first or after the last.
    upcoming = next_window(call, moment)
    closed = last_closed_window(call, moment)
    if upcoming is not None:
        return Access(False, upcoming, "upcoming", upcoming_message(call, upcoming))
    if closed is not None:
        return Access(False, closed, "closed", closed_message(call, closed, action))
    return Access(False, None, "closed", _says(call, "none"))
