"""Who closes a défi's programme and follows what remains of it (django-rules).

The programme team (its director included) sets the closing, reads every défi's deliverables,
sets the results and records the sustainment entries; the défi's fellows and mentors write
its deliverables; its mentors answer its sustainment follow-ups.
"""

import rules

from cohorte.followup.rules import of_its_team, team
from cohorte.people.teams import mentor_challenge_ids


@rules.predicate
def its_mentor(user, challenge):
    return challenge is not None and challenge.pk in mentor_challenge_ids(user)


rules.add_perm("outcomes.manage", team)
rules.add_perm("outcomes.write_deliverables", of_its_team)
rules.add_perm("outcomes.answer_follow_up", its_mentor)
