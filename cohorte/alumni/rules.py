"""Who sees and writes fellows' paths (django-rules).

A fellow of any cohort keeps their own path and consents; the team and the director read
every fellow's path and add steps for them (never their consents); the alumni directory is
open to the programme's signed-in members: the team, the director, EIG Link, and any fellow
or mentor of any cohort.
"""

import rules

from cohorte.accounts.roles import is_team, supports_cohort
from cohorte.people.teams import cohort_ids


def fellow_person(user):
    """The user's Person if they are a fellow of some cohort, else None (cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_cohorte_fellow_person"):
        from cohorte.people.models import Person, Role

        # The user's cohorts (as fellow or mentor) are read once per request for the menu:
        # without any, no query is needed to know they are no fellow.
        user._cohorte_fellow_person = (
            Person.objects.filter(
                user=user, roles__kind=Role.Kind.FELLOW, roles__cohort__isnull=False
            ).first()
            if cohort_ids(user)
            else None
        )
    return user._cohorte_fellow_person


@rules.predicate
def is_fellow(user):
    return fellow_person(user) is not None


@rules.predicate
def team(user):
    return is_team(user)


@rules.predicate
def programme_member(user):
    return supports_cohort(user) or bool(cohort_ids(user))


rules.add_perm("alumni.edit_own_path", is_fellow)
rules.add_perm("alumni.manage", team)
rules.add_perm("alumni.view_directory", programme_member)
