"""Who follows a défi (django-rules).

Who runs the cohort (team, director, EIG Link) follows every défi and its dashboard; the
défi's fellows and mentors write its check-ins, milestones and figures; the host
administration's members (its HR contact) read them; only the team publishes to the
défi's public page.
"""

import rules

from cohorte.accounts.roles import is_team, supports_cohort
from cohorte.people.teams import hosted_challenge_ids, member_challenge_ids


@rules.predicate
def runs_cohort(user):
    return supports_cohort(user)


@rules.predicate
def team(user):
    return is_team(user)


@rules.predicate
def of_its_team(user, challenge):
    return challenge is not None and challenge.pk in member_challenge_ids(user)


@rules.predicate
def of_its_host(user, challenge):
    return challenge is not None and challenge.pk in hosted_challenge_ids(user)


rules.add_perm("followup.run_cohort", runs_cohort)
rules.add_perm("followup.view_challenge", runs_cohort | of_its_team | of_its_host)
rules.add_perm("followup.write_challenge", runs_cohort | of_its_team)
rules.add_perm("followup.publish", team)
