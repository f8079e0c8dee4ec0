"""Who records and reads a fellow's recruitment (django-rules).

The programme team follows every fellow; the host administration's members record the
contract and the arrival of the fellows of the défis it hosts, never their own; the fellow
reads their own.
"""

import rules

from cohorte.accounts.roles import is_team, organisation_ids


@rules.predicate
def team(user):
    return is_team(user)


@rules.predicate
def of_its_administration(user, fellow):
    host = fellow is not None and fellow.challenge_id and fellow.challenge.host_organisation_id
    return bool(host) and host in organisation_ids(user)


@rules.predicate
def is_the_fellow(user, fellow):
    return fellow is not None and user.is_authenticated and fellow.person.user_id == user.pk


rules.add_perm("recruitment.follow_cohort", team)
# A fellow who also works for the host administration records nobody's contract but the
# team's say on their own: they read it, like any fellow.
rules.add_perm("recruitment.record_contract", team | (of_its_administration & ~is_the_fellow))
rules.add_perm("recruitment.view_contract", team | of_its_administration | is_the_fellow)
