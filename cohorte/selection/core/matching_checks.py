"""Independent checkers of a matching: hard constraints and weak stability.

They read the instance directly (not the solvers' indexed market) so that property tests
and the back office can verify any assignment, whatever produced it.

A pair (c, p) *blocks* an assignment (weak stability, residual market) when c is not
locked, the pair is acceptable, c is unmatched or strictly prefers p to their position,
and p has a free seat or its jury strictly prefers c to its worst unlocked holder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from cohorte.selection.core.jsonio import Violation
from cohorte.selection.core.matching_instance import (
    MatchingInstance,
    PositionKey,
    effective_jury_ranks,
    preference_list,
)


def check_matching(
    instance: MatchingInstance, assignment: Mapping[str, PositionKey]
) -> list[Violation]:
    """Every hard-constraint violation: capacity, acceptability, forbidden pairs, locks."""
    violations: list[Violation] = []
    candidates = {c.id: c for c in instance.candidates}
    capacity = {p.key: p.capacity for p in instance.positions}
    jury = effective_jury_ranks(instance)
    forbidden = {(f.candidate, f.position) for f in instance.forbidden}
    locks = {(lock.candidate, lock.position) for lock in instance.locks}
    holders: dict[PositionKey, list[str]] = defaultdict(list)
    for cid, key in assignment.items():
        key = _as_key(key)
        subjects = (cid, str(key))
        if cid not in candidates:
            violations.append(
                Violation("unknown_candidate", f"{cid!r} is not a candidate", subjects)
            )
            continue
        if key not in capacity:
            violations.append(
                Violation("unknown_position", f"{cid!r} is assigned to unknown {key}", subjects)
            )
            continue
        holders[key].append(cid)
        wanted = {entry.position for entry in preference_list(candidates[cid])}
        if key not in wanted:
            violations.append(
                Violation(
                    "not_in_candidate_list",
                    f"{cid!r} is assigned to {key}, which is not in their preference list",
                    subjects,
                )
            )
        if (cid, key) in locks:
            continue
        if cid not in jury[key]:
            violations.append(
                Violation(
                    "not_in_jury_list",
                    f"{cid!r} is assigned to {key} but its jury did not rank them",
                    subjects,
                )
            )
        if (cid, key) in forbidden:
            violations.append(
                Violation("forbidden_pair", f"{cid!r} -> {key} is forbidden by the team", subjects)
            )
    for key, cids in holders.items():
        if len(cids) > capacity[key]:
            violations.append(
                Violation(
                    "over_capacity",
                    f"{key} holds {len(cids)} candidates for {capacity[key]} seat(s)",
                    (str(key), *cids),
                )
            )
    for cid, key in sorted(locks):
        got = assignment.get(cid)
        if got is None or PositionKey(*got) != key:
            violations.append(
                Violation(
                    "lock_not_honoured",
                    f"{cid!r} is locked to {key} but assigned to {got or 'nothing'}",
                    (cid, str(key)),
                )
            )
    return violations


def blocking_pairs(
    instance: MatchingInstance, assignment: Mapping[str, PositionKey]
) -> list[tuple[str, PositionKey]]:
    """Pairs that block the assignment in the weak-stability sense (see module docstring)."""
    jury = effective_jury_ranks(instance)
    forbidden = {(f.candidate, f.position) for f in instance.forbidden}
    locked = {lock.candidate for lock in instance.locks}
    free = {p.key: p.capacity for p in instance.positions}
    for lock in instance.locks:
        free[lock.position] -= 1
    worst: dict[PositionKey, int] = {}
    for cid, key in assignment.items():
        key = _as_key(key)
        if cid in locked or key not in free:
            continue
        free[key] -= 1
        rank = jury[key].get(cid, 10**9)
        worst[key] = max(worst.get(key, 0), rank)
    pairs = []
    for candidate in instance.candidates:
        if candidate.id in locked:
            continue
        current = assignment.get(candidate.id)
        current = _as_key(current) if current is not None else None
        wanted = (
            [entry.position for entry in preference_list(candidate)]
            if candidate.offers
            else candidate.choices
        )
        for key in wanted:
            if key == current:
                break
            if key not in free or (candidate.id, key) in forbidden:
                continue
            rank = jury[key].get(candidate.id)
            if rank is None:
                continue
            if free[key] > 0 or (key in worst and rank < worst[key]):
                pairs.append((candidate.id, key))
    return pairs


def _as_key(value: PositionKey | tuple[str, str]) -> PositionKey:
    # Callers may pass plain tuples; converting only when needed keeps 50k checks fast.
    return value if type(value) is PositionKey else PositionKey(*value)
