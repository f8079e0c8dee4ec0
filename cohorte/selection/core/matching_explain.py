"""Explanations and summary figures of a matching, computed from the final assignment.

The reasons only depend on the assignment (not on the algorithm that produced it), so the
same code explains deferred acceptance, the maximum weakly stable matching and the
weighted optimum; the codes are listed in ``matching_solution``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

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


class Explainer:
    """Explains outcomes one candidate at a time; the per-position summary is computed once."""

    def __init__(self, market: Market, match: list[int]) -> None:
        self.market = market
        self.match = match
        ids = market.candidate_ids
        self.holders: list[list[int]] = [[] for _ in market.positions]
        self.locked_holders: list[list[int]] = [[] for _ in market.positions]
        for c, p in enumerate(match):
            if p >= 0:
                (self.locked_holders if c in market.locked else self.holders)[p].append(c)
        # Holders are sorted once per position: explanations list them best first.
        self.shown: list[tuple[tuple[str, int | None], ...]] = []
        self.worst: list[int] = []
        for p, cands in enumerate(self.holders):
            ranks = market.jury[p]
            cands.sort(key=lambda c, ranks=ranks: (ranks.get(c, 10**9), c))
            self.shown.append(tuple((ids[c], ranks.get(c)) for c in cands))
            self.worst.append(max((ranks.get(c, 10**9) for c in cands), default=0))

    def explain(self, c: int) -> Explanation:
        """Explanation of candidate ``c`` (an index of ``market.candidate_ids``)."""
        market = self.market
        got = self.match[c]
        is_locked = c in market.locked
        reasons = []
        status = UNMATCHED
        position = preference_rank = source = choice_rank = None
        for index, (p, entry_source, entry_choice_rank) in enumerate(market.full_prefs[c], 1):
            if p == got:
                status = LOCKED if is_locked else MATCHED
                position = market.positions[p]
                preference_rank, source, choice_rank = index, entry_source, entry_choice_rank
                break
            own_rank = market.jury[p].get(c)
            code, others = self._reason(c, p, own_rank, is_locked)
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
        return Explanation(
            candidate=market.candidate_ids[c],
            status=status,
            position=position,
            preference_rank=preference_rank,
            source=source,
            choice_rank=choice_rank,
            reasons=tuple(reasons),
        )

    def _reason(
        self, c: int, p: int, own_rank: int | None, is_locked: bool
    ) -> tuple[str, tuple[tuple[str, int | None], ...]]:
        market = self.market
        if is_locked:
            return LOCKED_ELSEWHERE, ()
        if (c, p) in market.forbidden:
            return FORBIDDEN_BY_TEAM, ()
        if own_rank is None:
            return NOT_LISTED_BY_JURY, ()
        if market.full_capacity[p] == 0:
            return NO_SEAT, ()
        if market.capacity[p] <= 0:
            ids = market.candidate_ids
            locked = tuple((ids[h], market.jury[p].get(h)) for h in self.locked_holders[p])
            return RESERVED_BY_LOCKS, locked
        if len(self.holders[p]) < market.capacity[p]:
            return SEAT_LEFT_FREE, ()
        if self.worst[p] < own_rank:
            return FILLED_BY_HIGHER_RANKED, self.shown[p]
        if self.worst[p] == own_rank:
            return FILLED_BY_TIED, self.shown[p]
        return GIVEN_TO_LOWER_RANKED, self.shown[p]


class LazyExplanations(Mapping[str, Explanation]):
    """Candidate id -> explanation, each computed on first access and then cached.

    Explaining 50,000 candidates costs more than matching them, and the back office usually
    shows one candidate at a time.
    """

    def __init__(self, market: Market, match: list[int]) -> None:
        self._market = market
        self._match = match
        self._explainer: Explainer | None = None
        self._index: dict[str, int] | None = None
        self._cache: dict[str, Explanation] = {}

    def __getitem__(self, candidate: str) -> Explanation:
        cached = self._cache.get(candidate)
        if cached is not None:
            return cached
        if self._index is None:
            self._index = {cid: c for c, cid in enumerate(self._market.candidate_ids)}
            self._explainer = Explainer(self._market, self._match)
        assert self._explainer is not None
        explanation = self._explainer.explain(self._index[candidate])
        self._cache[candidate] = explanation
        return explanation

    def __iter__(self) -> Iterator[str]:
        return iter(self._market.candidate_ids)

    def __len__(self) -> int:
        return len(self._market.candidate_ids)


def explain(market: Market, match: list[int]) -> dict[str, Explanation]:
    """Explanation of every candidate's outcome; ``match`` includes locked candidates."""
    explainer = Explainer(market, match)
    return {cid: explainer.explain(c) for c, cid in enumerate(market.candidate_ids)}


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
