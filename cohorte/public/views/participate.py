""" "Candidater" and "Proposer un défi": the way to the call open now, else the next, else the FAQ.

Redirects rather than links computed on every page: the menu stays free of queries and
the pages stay cacheable, while the way in follows the calls as they open and close.
"""

from django.shortcuts import redirect
from django.utils import timezone

from cohorte.calls.current import current_call
from cohorte.calls.models import Call


def _to_call(kind: str, fallback: str):
    call = current_call(kind, timezone.now())
    # Temporary: tomorrow the same address may lead to another call.
    return redirect(call.get_absolute_url() if call else fallback)


def apply(request):
    """To the call for applications open now, or the next one, or the candidates' FAQ."""
    return _to_call(Call.Kind.APPLICATIONS, "public:faq_candidates")


def propose(request):
    """To the call for projects open now, or the next one, or the administrations' FAQ."""
    return _to_call(Call.Kind.PROJECTS, "public:faq_administrations")
