"""A matching run's result as rows: one ``MatchingPlacement`` per candidate of the run.

The run keeps its whole input and output as JSON (``SolverRun.instance`` / ``solution``);
the page reads the rows instead, so that it filters, sorts, counts and pages through the
result in the database whatever the number of candidates. The rows are written with the
run, from the same JSON (``placement_rows``), and by the migration for older runs.
"""

from .core.matching_instance import OFFER, MatchingInstance, preference_list
from .models import MatchingPlacement


def _real_rank(ranks: list[int], source, choice_rank) -> int | None:
    """The candidate's own choice rank (None for a jury offer), as ``RunResult.real_rank``."""
    if source == OFFER or not choice_rank:
        return None
    return ranks[choice_rank - 1] if choice_rank <= len(ranks) else choice_rank


def placement_rows(instance: dict, solution: dict) -> list[dict]:
    """The field values of each candidate's row, from a run's JSON instance and solution."""
    parsed = MatchingInstance.from_dict(instance)
    choice_ranks = instance.get("choice_ranks", {})
    explanations = {e["candidate"]: e for e in solution.get("explanations", [])}
    assignment = {row["candidate"]: row for row in solution.get("assignment", [])}
    rows = []
    for candidate in parsed.candidates:
        cid = candidate.id
        explanation = explanations.get(cid)
        if explanation is None:  # pragma: no cover - the core explains every candidate
            continue
        ranks = list(choice_ranks.get(cid, []))
        place = assignment.get(cid)
        status = explanation["status"]
        obtained = None
        if place is not None:
            obtained = _real_rank(ranks, explanation.get("source"), explanation.get("choice_rank"))
        rows.append(
            {
                "candidate": cid,
                "application_id": int(cid),
                "status": status,
                "challenge_id": int(place["defi"]) if place else None,
                "profile_id": int(place["profile"]) if place and place["profile"] else None,
                "obtained": obtained,
                "offer": place is not None and obtained is None,
                "longest_choice": max(ranks, default=0),
                "explanation": explanation,
                "preferences": [
                    [entry.position.defi, entry.position.profile, entry.source, entry.choice_rank]
                    for entry in preference_list(candidate)
                ],
                "choice_ranks": ranks,
            }
        )
    return rows


def store_placements(run) -> None:
    """Write the rows of a matching run that has just been solved."""
    MatchingPlacement.objects.bulk_create(
        [MatchingPlacement(run=run, **row) for row in placement_rows(run.instance, run.solution)],
        batch_size=500,
    )
