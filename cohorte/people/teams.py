"""Who belongs to a défi's team once the cohort runs: its fellows and its mentors.

Fellows are ``Role`` rows of kind "fellow", mentors of kind "operational_mentor" or
"senior_mentor", both tied to the défi and to a person with an account. The host
administration's members (its HR contact among them) act for the défis it hosts. Each
answer is cached on the user object: permission checks run many times a page.
"""

from django.db.models import Q

MENTOR_KINDS = ("operational_mentor", "senior_mentor")


def _cached(user, attribute: str, compute) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, attribute, None)
    if cache is None:
        cache = set(compute())
        setattr(user, attribute, cache)
    return cache


def _role_challenges(user, kinds) -> set[int]:
    from cohorte.people.models import Role

    return Role.objects.filter(
        person__user=user, kind__in=kinds, challenge__isnull=False
    ).values_list("challenge_id", flat=True)


def fellow_challenge_ids(user) -> set[int]:
    """Défis this user works on as a fellow (EIG)."""
    return _cached(user, "_cohorte_fellow_of", lambda: _role_challenges(user, ["fellow"]))


def mentor_challenge_ids(user) -> set[int]:
    """Défis this user mentors (operational or senior mentor)."""
    return _cached(user, "_cohorte_mentor_of", lambda: _role_challenges(user, MENTOR_KINDS))


def member_challenge_ids(user) -> set[int]:
    """Défis whose team this user belongs to, as fellow or mentor."""
    return fellow_challenge_ids(user) | mentor_challenge_ids(user)


def hosted_challenge_ids(user) -> set[int]:
    """Défis hosted by an administration this user acts for (its HR contact among them)."""
    from cohorte.accounts.roles import organisation_ids
    from cohorte.challenges.models import Challenge

    hosts = organisation_ids(user)
    return _cached(
        user,
        "_cohorte_hosted",
        lambda: (
            Challenge.objects.filter(host_organisation__in=hosts).values_list("pk", flat=True)
            if hosts
            else []
        ),
    )


def cohort_ids(user) -> set[int]:
    """Cohorts in which this user is a fellow or a mentor."""
    from cohorte.people.models import Role

    return _cached(
        user,
        "_cohorte_cohorts",
        lambda: Role.objects.filter(
            Q(kind="fellow") | Q(kind__in=MENTOR_KINDS),
            person__user=user,
            cohort__isnull=False,
        ).values_list("cohort_id", flat=True),
    )


def team_users(challenge, kinds=("fellow", *MENTOR_KINDS)):
    """The accounts of a défi's fellows and mentors (those who have one)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            person__roles__challenge=challenge,
            person__roles__kind__in=kinds,
        )
        .distinct()
    )
