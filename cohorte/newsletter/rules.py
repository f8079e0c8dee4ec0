"""Who runs the newsletter (django-rules): the programme team and its director. Subscribers
need no account: the signed links of their e-mails are their credentials (see ``tokens``)."""

import rules

from cohorte.accounts.roles import is_team


@rules.predicate
def team(user):
    return is_team(user)


rules.add_perm("newsletter.manage", team)
