"""Who reads, writes and comments the weekly bulletins (django-rules).

A published bulletin is read by its défi's fellows and mentors and by who runs the cohort
(team, director, EIG Link); a shared one by every fellow and mentor of its cohort too. A
draft is seen by its défi's fellows and mentors only: who runs the cohort reads bulletins
once published. The host administration (its HR contact), other cohorts, candidates,
pre-instructors and strangers read none. The défi's fellows and mentors write it while the
cohort runs; who runs the cohort comments published ones.
"""

import rules
from django.db.models import Q

from cohorte.accounts.roles import supports_cohort
from cohorte.people.teams import cohort_ids, member_challenge_ids
from cohorte.programmes.models import Cohort


def may_read(user, bulletin) -> bool:
    """Whether ``user`` may read ``bulletin`` (drafts: its défi's team only)."""
    if not getattr(user, "is_authenticated", False) or bulletin is None:
        return False
    if bulletin.challenge_id in member_challenge_ids(user):
        return True
    if bulletin.published_at is None:
        return False
    if supports_cohort(user):
        return True
    return bulletin.shared and bulletin.challenge.cohort_id in cohort_ids(user)


def readable_filter(user) -> Q:
    """The published bulletins ``user`` may read, as a filter (nothing for anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    published = Q(published_at__isnull=False)
    if supports_cohort(user):
        return published
    return published & (
        Q(challenge__in=member_challenge_ids(user))
        | Q(shared=True, challenge__cohort__in=cohort_ids(user))
    )


def reads_some(user) -> bool:
    """Whether ``user`` may read any bulletin at all (the archive's door)."""
    return supports_cohort(user) or bool(cohort_ids(user)) or bool(member_challenge_ids(user))


def readable_cohort_ids(user) -> set[int]:
    """Running cohorts some of whose bulletins ``user`` may read (for the digest page)."""
    running = Cohort.objects.filter(status=Cohort.Status.RUNNING)
    if supports_cohort(user):
        return set(running.values_list("pk", flat=True))
    mine = cohort_ids(user)
    return set(running.filter(pk__in=mine).values_list("pk", flat=True)) if mine else set()


@rules.predicate
def reader(user, bulletin):
    return may_read(user, bulletin)


@rules.predicate
def writer(user, challenge):
    return (
        challenge is not None
        and challenge.pk in member_challenge_ids(user)
        and challenge.cohort is not None
        and challenge.cohort.status == Cohort.Status.RUNNING
    )


@rules.predicate
def runs_cohort(user):
    return supports_cohort(user)


@rules.predicate
def published(user, bulletin):
    return bulletin is not None and bulletin.published_at is not None


rules.add_perm("bulletins.read_bulletin", reader)
rules.add_perm("bulletins.write_bulletin", writer)
rules.add_perm("bulletins.comment_bulletin", runs_cohort & published & reader)
