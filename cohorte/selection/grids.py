"""Interview grids, one per (candidate, défi): a candidate interviewed for three défis has three.

Criteria about the défi (``Criterion.per_challenge``) are scored on each grid. The others are
entered once: a new grid starts from the reviewer's scores on their other grids of the same
candidate, and saving a grid carries its shared scores over to those grids (their totals
follow). A referee's collective grids carry over to the collective grids of the same panel
only, a member's own grids to their own grids only.
"""

from django.db import transaction

from cohorte.audit.domain import record
from cohorte.reviews import domain as reviews
from cohorte.reviews.models import Review

from .models import InterviewSlot


def shared_keys(criteria) -> set[str]:
    """The score keys of the criteria entered once for all the candidate's défis."""
    return {str(c.pk) for c in criteria if not c.per_challenge}


def grid_of(slot: InterviewSlot, reviewer) -> Review | None:
    """The reviewer's grid of this interview: the candidate's, for the interview's défi."""
    return Review.objects.filter(
        application_id=slot.application_id,
        reviewer=reviewer,
        stage=Review.Stage.INTERVIEW,
        challenge_id=slot.challenge_id,
    ).first()


def other_grids(application, reviewer, challenge, panel) -> "list[Review]":
    """The reviewer's grids of the same candidate for their other défis, of the same kind
    (collective for ``panel``, else their own), most recently saved first."""
    return list(
        Review.objects.filter(
            application=application,
            reviewer=reviewer,
            stage=Review.Stage.INTERVIEW,
            panel=panel,
        )
        .exclude(challenge=challenge)
        .select_related("challenge")
        .order_by("-updated_at", "-pk")
    )


def carried_scores(slot: InterviewSlot, reviewer, criteria, collective: bool):
    """The shared scores a new grid starts from, and the grid they come from (or None)."""
    panel = slot.panel if collective else None
    source = next(iter(other_grids(slot.application, reviewer, slot.challenge, panel)), None)
    if source is None:
        return {}, None
    keys = shared_keys(criteria)
    return {k: v for k, v in source.scores.items() if k in keys}, source


def save_interview_grid(
    slot: InterviewSlot, reviewer, scores: dict, comment: str, recommendation: str, *, collective
) -> tuple[Review, list[Review]]:
    """Save the reviewer's grid of this interview (its défi's), then carry its shared scores
    over to their other grids of the candidate; the grid and the grids changed."""
    panel = slot.panel if collective else None
    criteria = list(slot.panel.call.grid.criteria.all()) if slot.panel.call.grid_id else []
    with transaction.atomic():
        review = reviews.submit_review(
            slot.application,
            reviewer,
            scores,
            comment,
            recommendation,
            stage=Review.Stage.INTERVIEW,
            panel=panel,
            challenge=slot.challenge,
        )
        return review, carry_over(review, criteria)


def carry_over(review: Review, criteria) -> list[Review]:
    """Copy this grid's shared scores onto the reviewer's other grids of the candidate."""
    keys = shared_keys(criteria) & set(review.scores)
    changed = []
    if not keys:
        return changed
    for other in other_grids(review.application, review.reviewer, review.challenge, review.panel):
        scores = {**other.scores, **{k: review.scores[k] for k in keys}}
        if scores == other.scores:
            continue
        other.scores, other.total = scores, sum(scores.values())
        other.save(update_fields=["scores", "total", "updated_at"])
        record(
            "review.carried_over",
            review.application,
            actor=review.reviewer,
            review_id=other.pk,
            from_review_id=review.pk,
            challenge_id=other.challenge_id,
            total=other.total,
        )
        changed.append(other)
    return changed
