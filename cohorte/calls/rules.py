"""Object permissions on calls and applications (django-rules).

A candidate sees their own application only; the team sees all; an operational
mentor sees the submitted applications that chose their défi; a jury member sees the
applications interviewed by their panel; nobody sees, scores or decides on an application
on which they declared a conflict of interest, nor on their own
(``cohorte.reviews.exclusions``).
"""

import rules

from cohorte.accounts.roles import is_director, is_team, mentored_challenge_ids, panel_ids
from cohorte.reviews.exclusions import is_excluded

SUBMITTED_STATES = {"submitted", "shortlisted", "selected", "waiting_list", "not_selected"}


@rules.predicate
def team(user):
    return is_team(user)


@rules.predicate
def director(user):
    return is_director(user)


@rules.predicate
def owns(user, application):
    return application is not None and application.candidate_id == user.id


@rules.predicate
def conflicted(user, application):
    # A declared conflict, or the user's own application.
    return application is not None and is_excluded(user, application)


@rules.predicate
def mentors_a_choice(user, application):
    if application is None or application.status not in SUBMITTED_STATES:
        return False
    mentored = mentored_challenge_ids(user)
    return bool(mentored) and application.choices.filter(challenge_id__in=mentored).exists()


@rules.predicate
def on_its_panel(user, application):
    if application is None:
        return False
    panels = panel_ids(user)
    return bool(panels) and application.interviews.filter(panel_id__in=panels).exists()


reviewer = team | mentors_a_choice
rules.add_perm("calls.view_own_application", owns)
rules.add_perm("calls.view_application", (reviewer | on_its_panel) & ~conflicted)
rules.add_perm("calls.review_application", reviewer & ~conflicted)
rules.add_perm("calls.interview_application", (team | on_its_panel) & ~conflicted)
rules.add_perm("calls.manage_applications", team)
rules.add_perm("calls.validate_decisions", director)
# The team configures its calls in /gestion/configuration/ (the Django admin is for superusers).
rules.add_perm("calls.configure_calls", team)
