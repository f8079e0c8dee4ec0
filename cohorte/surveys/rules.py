"""Who builds and reads the exit surveys (django-rules): the programme team and its director.

Respondents need no account: their personal link is their credential (see ``tokens``).
"""

import rules

from cohorte.accounts.roles import is_team


@rules.predicate
def team(user):
    return is_team(user)


rules.add_perm("surveys.manage", team)
