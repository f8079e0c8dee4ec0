"""Who proposes and reviews the posts about a défi (django-rules).

A fellow or mentor of a défi (``people.Role`` of kind fellow, operational or senior mentor
on it) proposes posts about it. A contribution is read only by its author and the programme
team (its director included): the défi's other fellows do not see a colleague's draft, which
stays personal until published. The team reviews and publishes; it sees a contribution once
proposed, never a draft.
"""

import rules

from cohorte.accounts.roles import is_team
from cohorte.people.teams import member_challenge_ids


@rules.predicate
def team(user):
    return is_team(user)


@rules.predicate
def in_a_challenge(user):
    return bool(member_challenge_ids(user))


@rules.predicate
def its_author(user, contribution):
    return contribution is not None and contribution.author_id == user.pk


rules.add_perm("contributions.propose", in_a_challenge)
rules.add_perm("contributions.follow", its_author)


@rules.predicate
def proposed(user, contribution):
    return contribution is not None and contribution.status != "draft"


rules.add_perm("contributions.see_image", its_author | (team & proposed))
rules.add_perm("contributions.review", team)
