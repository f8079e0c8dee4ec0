"""Who sets the programme's identity (django-rules): the programme team and its director."""

import rules

from cohorte.accounts.roles import is_team


@rules.predicate
def team(user):
    return is_team(user)


rules.add_perm("programmes.manage_settings", team)
