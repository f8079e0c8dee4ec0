"""Who reads the impact report's team version and sends its PDF: the team and its director."""

import rules

from cohorte.accounts.roles import is_team


@rules.predicate
def team(user):
    return is_team(user)


rules.add_perm("impact.view_details", team)
rules.add_perm("impact.send_report", team)
