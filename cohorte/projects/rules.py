"""Object permissions on proposals (django-rules).

An administration user sees and edits the proposals of their own organisation only; the
team sees all; a pre-instructor sees and reviews submitted proposals; a juror sees the
proposals auditioned by their panel; nobody reviews, judges or decides on a proposal on
which they declared a conflict of interest, nor on one of their own organisation
(``cohorte.reviews.exclusions``), the team included.
"""

import rules

from cohorte.accounts.roles import is_preinstructor, is_team, organisation_ids, panel_ids
from cohorte.reviews.exclusions import is_excluded

# Proposals that left the draft stage: reviewers never see a draft.
SUBMITTED_STATES = {"submitted", "shortlisted", "selected", "not_selected"}


@rules.predicate
def team(user):
    return is_team(user)


@rules.predicate
def preinstructor(user):
    return is_preinstructor(user)


@rules.predicate
def of_its_organisation(user, proposal):
    return proposal is not None and proposal.organisation_id in organisation_ids(user)


@rules.predicate
def submitted(user, proposal):
    return proposal is not None and proposal.status in SUBMITTED_STATES


@rules.predicate
def conflicted(user, proposal):
    # A declared conflict, or a proposal of the user's own administration.
    return proposal is not None and is_excluded(user, proposal)


@rules.predicate
def on_its_panel(user, proposal):
    if proposal is None:
        return False
    panels = panel_ids(user)
    return bool(panels) and proposal.panels.filter(pk__in=panels).exists()


rules.add_perm("projects.edit_proposal", of_its_organisation)
rules.add_perm("projects.manage_proposals", team)
rules.add_perm(
    "projects.view_proposal",
    (team | preinstructor & submitted | on_its_panel & submitted) & ~conflicted,
)
rules.add_perm("projects.review_proposal", (team | preinstructor) & submitted & ~conflicted)
rules.add_perm("projects.judge_proposal", (team | on_its_panel) & submitted & ~conflicted)
# Who represents which administration: requests to join, e-mail domains (the team).
rules.add_perm("projects.manage_memberships", team)
