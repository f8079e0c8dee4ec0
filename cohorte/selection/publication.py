"""Publishing the results of a call: the selected fellows join the programme's people.

Results stay confidential until the call's public announcement (``Call.announcement_at``),
unless the director makes an exception with a reason (``cohorte.calls.guards``):
before it, no fellow of the call exists as a ``Person`` or ``Role``, so no public page can
show one. From that moment, each selected candidate whose decision was sent gets a
``Person`` (linked to their account) and a fellow ``Role`` on their défi and cohort. The
person is public only if the candidate agreed to appear on the public site; without
that consent the role exists for the programme's own follow-up but the public site, which
shows public people only, hides it. An existing person keeps their visibility: a consent
given here makes them public, its absence does not hide what they already published.

``publish_results`` is idempotent: the team may press the button again and the daily job
(``publish_due_results``) catches decisions sent after the announcement.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst, slugify

from cohorte import programme_words as words
from cohorte.audit.domain import record
from cohorte.calls import guards
from cohorte.calls.models import Call
from cohorte.people.models import Person, Role

from .decisions import DecisionError
from .models import Decision


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "eig"
    slug, n = base, 1
    while Person.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _full_name(application) -> str:
    name = f"{application.first_name} {application.last_name}".strip()
    # Never the e-mail address (display_name's fallback): this name may become public.
    return name or application.candidate.get_full_name() or capfirst(words.fellow())


def _person_for(application) -> tuple[Person, bool]:
    person = Person.objects.filter(user=application.candidate).first()
    if person is None:
        name = _full_name(application)
        person = Person.objects.create(
            full_name=name,
            slug=_unique_slug(name),
            user=application.candidate,
            is_public=application.publication_consent,
        )
        return person, True
    if application.publication_consent and not person.is_public:
        person.is_public = True
        person.save(update_fields=["is_public"])
    return person, False


def check_announced(call: Call, now, actor=None, exception=None) -> bool:
    """Refuse to publish before the public announcement, unless the director makes an
    exception with a reason (True: the exception was recorded in the call's journal)."""
    try:
        return guards.ensure(
            guards.PUBLICATION, call, guards.publication_missing(call, now), actor, exception
        )
    except guards.StepRefused as error:
        raise DecisionError(str(error)) from error


@transaction.atomic
def publish_results(call: Call, now=None, actor=None, exception=None) -> dict[str, int]:
    """Add the call's selected fellows (decision sent) to the people, public if they consented."""
    now = now or timezone.now()
    check_announced(call, now, actor, exception)
    decisions = (
        Decision.objects.filter(
            application__call=call,
            outcome=Decision.Outcome.SELECTED,
            status=Decision.Status.SENT,
        )
        .select_related("application", "application__candidate", "challenge", "profile")
        .order_by("pk")
    )
    counts = {"fellows": 0, "public": 0, "people_created": 0, "roles_created": 0}
    for decision in decisions:
        person, created = _person_for(decision.application)
        role, role_created = Role.objects.get_or_create(
            person=person,
            kind=Role.Kind.FELLOW,
            cohort=call.cohort,
            challenge=decision.challenge,
            defaults={"profile": decision.profile},
        )
        if not role_created and role.profile_id != decision.profile_id:
            role.profile = decision.profile
            role.save(update_fields=["profile"])
        counts["fellows"] += 1
        counts["public"] += person.is_public
        counts["people_created"] += created
        counts["roles_created"] += role_created
    if counts["people_created"] or counts["roles_created"]:
        record("results.published", call, actor=actor, **counts)
    return counts


def publish_due_results(now=None) -> int:
    """Publish every announced call with sent selections (the daily job); returns the count."""
    now = now or timezone.now()
    calls = Call.objects.filter(
        announcement_at__lte=now,
        applications__decision__outcome=Decision.Outcome.SELECTED,
        applications__decision__status=Decision.Status.SENT,
    ).distinct()
    return sum(publish_results(call, now)["roles_created"] for call in calls)
