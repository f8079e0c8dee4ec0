"""Explanations and summary figures of a matching, computed from the final assignment.

The reasons only depend on the assignment (not on the algorithm that produced it), so the
same code explains deferred acceptance, the maximum weakly stable matching and the
weighted optimum; the codes are listed in ``matching_solution``.
"""

from __future__ import annotations

from cohorte.selection.core.matching_instance import OFFER, PositionKey
from cohorte.selection.core.matching_market import Market
from cohorte.selection.core.matching_solution import (
    FILLED_BY_HIGHER_RANKED,
    FILLED_BY_TIED,
    FORBIDDEN_BY_TEAM,
    GIVEN_TO_LOWER_RANKED,
    LOCKED,
    LOCKED_ELSEWHERE,
    MATCHED,
    NO_SEAT,
    NOT_LISTED_BY_JURY,
    RESERVED_BY_LOCKS,
    SEAT_LEFT_FREE,
    UNMATCHED,
    ChoiceReason,
    Explanation,
)


def explain(market: Market, match: list[int]) -> dict[str, Explanation]:
    """Explanation of every candidate's outcome; ``match`` includes locked candidates."""
    ids = market.candidate_ids
    holders: list[list[int]] = [[] for _ in market.positions]
    locked_holders: list[list[int]] = [[] for _ in market.positions]
    for c, p in enumerate(match):
        if p >= 0:
            (locked_holders if c in market.locked else holders)[p].append(c)
    # Holders are sorted once per position: explanations list them best first.
    shown: list[tuple[tuple[str, int | None], ...]] = []
    worst: list[int] = []
    for p, cands in enumerate(holders):
        ranks = market.jury[p]
        cands.sort(key=lambda c, ranks=ranks: (ranks.get(c, 10**9), c))
        shown.append(tuple((ids[c], ranks.get(c)) for c in cands))
        worst.append(max((ranks.get(c, 10**9) for c in cands), default=0))
    explanations = {}
    for c, entries in enumerate(market.full_prefs):
        got = match[c]
        is_locked = c in market.locked
        reasons = []
        status = UNMATCHED
        position = preference_rank = source = choice_rank = None
        for index, (p, entry_source, entry_choice_rank) in enumerate(entries, start=1):
            if p == got:
                status = LOCKED if is_locked else MATCHED
                position = market.positions[p]
                preference_rank, source, choice_rank = index, entry_source, entry_choice_rank
                break
            own_rank = market.jury[p].get(c)
            others: tuple[tuple[str, int | None], ...] = ()
            if is_locked:
                code = LOCKED_ELSEWHERE
            elif (c, p) in market.forbidden:
                code = FORBIDDEN_BY_TEAM
            elif own_rank is None:
                code = NOT_LISTED_BY_JURY
            elif market.full_capacity[p] == 0:
                code = NO_SEAT
            elif market.capacity[p] <= 0:
                code = RESERVED_BY_LOCKS
                others = tuple((ids[h], market.jury[p].get(h)) for h in locked_holders[p])
            elif len(holders[p]) < market.capacity[p]:
                code = SEAT_LEFT_FREE
            else:
                others = shown[p]
                if worst[p] < own_rank:
                    code = FILLED_BY_HIGHER_RANKED
                elif worst[p] == own_rank:
                    code = FILLED_BY_TIED
                else:
                    code = GIVEN_TO_LOWER_RANKED
            reasons.append(
                ChoiceReason(
                    position=market.positions[p],
                    preference_rank=index,
                    source=entry_source,
                    choice_rank=entry_choice_rank,
                    code=code,
                    jury_rank=own_rank,
                    others=others,
                )
            )
        explanations[ids[c]] = Explanation(
            candidate=ids[c],
            status=status,
            position=position,
            preference_rank=preference_rank,
            source=source,
            choice_rank=choice_rank,
            reasons=tuple(reasons),
        )
    return explanations


def rank_distribution(market: Market, match: list[int]) -> dict[str, int]:
    """How many candidates got their 1st, 2nd... choice, an offer, or nothing."""
    longest = max(
        (rank or 0 for entries in market.full_prefs for _p, _source, rank in entries), default=0
    )
    counts = {f"choice_{k}": 0 for k in range(1, longest + 1)}
    counts[OFFER] = 0
    counts["unmatched"] = 0
    for c, p in enumerate(match):
        if p < 0:
            counts["unmatched"] += 1
            continue
        for q, source, choice_rank in market.full_prefs[c]:
            if q == p:
                counts[OFFER if source == OFFER else f"choice_{choice_rank}"] += 1
                break
    return counts


def unfilled_seats(market: Market, match: list[int]) -> dict[PositionKey, int]:
    """Free seats per position (positions with no free seat are omitted)."""
    taken = [0] * len(market.positions)
    for p in match:
        if p >= 0:
            taken[p] += 1
    return {
        key: market.full_capacity[p] - taken[p]
        for p, key in enumerate(market.positions)
        if market.full_capacity[p] > taken[p]
    }
