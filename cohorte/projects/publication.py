"""The défis of a call for projects go public on the call's announcement date.

A défi created from a selected proposal (``conversion``) is a draft: the public site
(``Challenge.objects.public()``) hides it, its page answers 404 and the calls for
applications do not show it. ``publish_projects`` makes the call's défis public once
``Call.announcement_at`` has passed — the team's button, or the hourly job
(``publish_due_projects``) — and attaches them to the cohort's calls for applications
still to close (opened since the conversion, for instance). It is idempotent.
"""

from django.db import transaction
from django.utils import timezone

from cohorte.audit.domain import record
from cohorte.calls.models import Call
from cohorte.challenges.models import Challenge
from cohorte.selection.publication import check_announced

from .conversion import open_application_calls
from .models import Proposal


def pending_challenges(call):
    """The défis of the call's selected proposals not public yet."""
    return Challenge.objects.filter(
        proposal__call=call,
        proposal__status=Proposal.Status.SELECTED,
        status=Challenge.Status.DRAFT,
    ).order_by("pk")


@transaction.atomic
def publish_projects(call: Call, now=None, actor=None, exception=None) -> int:
    """Publish the défis of a call for projects once announced (or on the director's
    exception, with its reason); returns how many."""
    now = now or timezone.now()
    check_announced(call, now, actor, exception)
    challenges = list(pending_challenges(call).select_for_update())
    calls = list(open_application_calls(call.cohort_id, now))
    for challenge in challenges:
        challenge.status = Challenge.Status.PUBLISHED
        # One save per défi: the public pages' cache is told through the save signal.
        challenge.save(update_fields=["status", "updated_at"])
        for application_call in calls:
            application_call.challenges.add(challenge)
    if challenges:
        record(
            "projects.published",
            call,
            actor=actor,
            challenges=[c.pk for c in challenges],
            calls=[c.pk for c in calls],
        )
    return len(challenges)


def publish_due_projects(now=None) -> int:
    """Publish the défis of every announced call for projects (the hourly job)."""
    now = now or timezone.now()
    calls = Call.objects.filter(
        kind=Call.Kind.PROJECTS,
        announcement_at__lte=now,
        proposals__status=Proposal.Status.SELECTED,
        proposals__challenge__status=Challenge.Status.DRAFT,
    ).distinct()
    return sum(publish_projects(call, now) for call in calls)
