"""Object permissions on jury panels (django-rules).

The team manages every panel; a jury member (the referee is always a member) sees
their own panels, their interviews and their candidates' files, nothing else.
"""

import rules

from cohorte.accounts.roles import is_team, panel_ids


@rules.predicate
def team(user):
    return is_team(user)


@rules.predicate
def sits_on(user, panel):
    return panel is not None and panel.pk in panel_ids(user)


@rules.predicate
def referee_of(user, panel):
    return panel is not None and getattr(user, "pk", None) == panel.referee_id


rules.add_perm("selection.manage_panels", team)
rules.add_perm("selection.view_panel", team | sits_on)
rules.add_perm("selection.download_panel_cvs", team | sits_on)
rules.add_perm("selection.edit_panel_rankings", team | referee_of)
