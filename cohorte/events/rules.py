"""Who runs and who uses the cohort's support programme (django-rules).

The team, the director and the EIG Link fellows build it; the fellows and mentors of the
event's cohort read it and answer it (their audience is checked when they register).
"""

import rules

from cohorte.accounts.roles import supports_cohort
from cohorte.people.teams import cohort_ids


@rules.predicate
def supports(user):
    return supports_cohort(user)


@rules.predicate
def of_a_cohort(user):
    return bool(cohort_ids(user))


@rules.predicate
def of_its_cohort(user, event):
    return event is not None and event.cohort_id in cohort_ids(user)


rules.add_perm("events.manage_programme", supports)
rules.add_perm("events.use_programme", of_a_cohort)
rules.add_perm("events.view_event", supports | of_its_cohort)
