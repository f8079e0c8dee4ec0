"""Who sees scores: one rule for every page that shows a total, a mean or another's grid.

- Nobody sees the scores of an application or proposal they are kept away from (a
  conflict of interest, their own: ``exclusions``).
- The programme team always sees them (totals and means; others' individual reviews at
  preselection follow the call's setting like everybody's: the team reviews there too).
- The referee of a panel that interviewed it sees its interview grids: they write the
  panel's collective grid from them.
- Anyone else follows the call's setting (``Call.review_visibility``): always, never, or
  once they gave their own review at that stage. At the défi jury, whose members score
  only together, their panel's collective grid counts as their own.

At the interviews of a call for applications each (candidate, défi) has its own grid, so
"their own" is counted per défi where the page shows one défi's scores: a grid on a
candidate's first défi opens nobody's scores on their second.

Pages ask ``may_see_scores`` for one application or proposal, or build a ``ScoreSight``
once for a list (a fixed number of queries, whatever its length).
"""

from django.db.models import Q

from cohorte.accounts.roles import is_team
from cohorte.calls.models import Call

from .exclusions import excluded_among, signed_in
from .models import Review

PRESELECTION, INTERVIEW = Review.Stage.PRESELECTION, Review.Stage.INTERVIEW


def phase_allows(call, has_own_review: bool) -> bool:
    """Whether the call's setting lets a reviewer see the others' scores now."""
    visibility = call.review_visibility
    if visibility == Call.ReviewVisibility.ALWAYS:
        return True
    return visibility == Call.ReviewVisibility.AFTER_OWN and has_own_review


def _field(subjects) -> str:
    kinds = {type(s)._meta.model_name for s in subjects}
    return "proposal" if kinds == {"proposal"} else "application"


class ScoreSight:
    """What ``user`` may see of the scores of ``subjects`` (applications or proposals of one
    call) at one stage; built once per page."""

    def __init__(self, user, call, stage, subjects):
        subjects = list(subjects)
        self.call, self.stage = call, stage
        self.signed_in = signed_in(user)
        self.team = is_team(user)
        self.excluded = {s.pk for s in excluded_among(user, subjects)}
        self.own: set[int] = set()
        self.own_per_challenge: set[tuple[int, int | None]] = set()
        self.refereed: set[int] = set()
        if not self.signed_in or not subjects:
            return
        field = _field(subjects)
        ids = [s.pk for s in subjects]
        mine = Q(reviewer=user)
        if field == "proposal" and stage == INTERVIEW:
            mine |= Q(panel__members=user)  # the défi jury's collective grid is its members'
        self.own_per_challenge = set(
            Review.objects.filter(mine, stage=stage, **{f"{field}_id__in": ids}).values_list(
                f"{field}_id", "challenge_id"
            )
        )
        self.own = {pk for pk, _challenge in self.own_per_challenge}
        if stage == INTERVIEW and not self.team:
            self.refereed = set(_refereed(user, field, ids))

    def has_own(self, subject, challenge=None) -> bool:
        """Whether the user gave their own review of it at this stage (of that défi, if named)."""
        if challenge is None:
            return _pk(subject) in self.own
        return (_pk(subject), _pk(challenge)) in self.own_per_challenge

    def scores(self, subject, challenge=None) -> bool:
        """Totals, means and collective grids of this subject (of one of its défis, if named)."""
        pk = _pk(subject)
        if not self.signed_in or pk in self.excluded:
            return False
        if self.team or pk in self.refereed:
            return True
        return phase_allows(self.call, self.has_own(pk, challenge))

    def others(self, subject) -> bool:
        """Other reviewers' own reviews of this subject: their names, grids and comments."""
        pk = _pk(subject)
        if not self.signed_in or pk in self.excluded:
            return False
        if self.stage == INTERVIEW and (self.team or pk in self.refereed):
            return True
        return phase_allows(self.call, pk in self.own)


def _pk(subject) -> int:
    return subject if isinstance(subject, int) else subject.pk


def _refereed(user, field: str, ids):
    """Subjects interviewed by a panel this user is the referee of."""
    if field == "proposal":
        from cohorte.selection.models import Panel

        return Panel.objects.filter(referee=user, proposals__in=ids).values_list(
            "proposals", flat=True
        )
    from cohorte.selection.models import InterviewSlot

    return (
        InterviewSlot.objects.filter(panel__referee=user, application_id__in=ids)
        .exclude(status=InterviewSlot.Status.CANCELLED)
        .values_list("application_id", flat=True)
    )


def may_see_scores(user, subject, stage) -> bool:
    """Whether ``user`` may see the scores (totals, means) of this application or proposal."""
    return ScoreSight(user, subject.call, stage, [subject]).scores(subject)


def may_see_others_reviews(user, subject, stage) -> bool:
    """Whether ``user`` may read the other reviewers' reviews of this application or proposal."""
    return ScoreSight(user, subject.call, stage, [subject]).others(subject)


def list_rule(user, call) -> tuple[bool, bool]:
    """For a list at preselection, already without conflicts, in one annotated query:
    (scores always visible, scores visible once the user reviewed the line)."""
    if is_team(user) or phase_allows(call, False):
        return True, True
    return False, phase_allows(call, True)
