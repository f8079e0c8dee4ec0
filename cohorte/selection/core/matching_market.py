"""Integer-indexed view of a validated matching instance, shared by the solvers.

Locked candidates are set aside and their seats removed from the capacities, so the
solvers only see the residual market (see ``matching_instance``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cohorte.selection.core.matching_instance import (
    CHOICE,
    MatchingInstance,
    PositionKey,
    preference_list,
)


@dataclass(slots=True)
class Market:
    """Candidates and positions as integers; ``prefs`` hold acceptable open positions only."""

    candidate_ids: list[str]
    positions: list[PositionKey]
    capacity: list[int]  # seats left once locks are placed
    full_capacity: list[int]
    prefs: list[list[int]]  # acceptable positions with seats left, best first; [] if locked
    full_prefs: list[list[tuple[int, str, int | None]]]  # (position, source, choice rank)
    jury: list[dict[int, int]]  # per position: candidate -> effective jury rank, acceptable only
    forbidden: set[tuple[int, int]]
    locked: dict[int, int]  # candidate -> position
    has_ties: bool

    def applicants(self) -> list[list[int]]:
        """Per position, the unlocked candidates who may be matched to it."""
        lists: list[list[int]] = [[] for _ in self.positions]
        for c, prefs in enumerate(self.prefs):
            for p in prefs:
                lists[p].append(c)
        return lists


def build_market(instance: MatchingInstance) -> Market:
    """Index a validated instance (see ``validate_matching_instance``)."""
    candidate_ids = [c.id for c in instance.candidates]
    cindex = {cid: i for i, cid in enumerate(candidate_ids)}
    positions = [p.key for p in instance.positions]
    pindex = {key: i for i, key in enumerate(positions)}
    capacity = [p.capacity for p in instance.positions]
    full_capacity = list(capacity)
    locked: dict[int, int] = {}
    for lock in instance.locks:
        c, p = cindex[lock.candidate], pindex[lock.position]
        locked[c] = p
        capacity[p] -= 1
    forbidden = {(cindex[f.candidate], pindex[f.position]) for f in instance.forbidden}
    raw_jury = [p.jury for p in instance.positions]
    worst = [max(j.values(), default=0) for j in raw_jury]
    jury: list[dict[int, int]] = [{} for _ in positions]
    prefs: list[list[int]] = []
    full_prefs: list[list[tuple[int, str, int | None]]] = []
    for c, candidate in enumerate(instance.candidates):
        offered = {o.position for o in candidate.offers}
        entries = []
        acceptable = []
        is_locked = c in locked
        if not offered:
            # Fast path for the common case: choices only, no merging needed.
            cid = candidate.id
            for rank, key in enumerate(candidate.choices, start=1):
                p = pindex[key]
                entries.append((p, CHOICE, rank))
                r = raw_jury[p].get(cid)
                if r is None or (forbidden and (c, p) in forbidden):
                    continue
                jury[p][c] = r
                if not is_locked and capacity[p] > 0:
                    acceptable.append(p)
        else:
            for key, source, choice_rank in preference_list(candidate):
                p = pindex[key]
                entries.append((p, source, choice_rank))
                r = raw_jury[p].get(candidate.id)
                if r is None and key in offered:
                    r = worst[p] + 1
                if r is None or (c, p) in forbidden:
                    continue
                jury[p][c] = r
                if not is_locked and capacity[p] > 0:
                    acceptable.append(p)
        prefs.append(acceptable)
        full_prefs.append(entries)
    market = Market(
        candidate_ids=candidate_ids,
        positions=positions,
        capacity=capacity,
        full_capacity=full_capacity,
        prefs=prefs,
        full_prefs=full_prefs,
        jury=jury,
        forbidden=forbidden,
        locked=locked,
        has_ties=False,
    )
    market.has_ties = _has_ties(market)
    return market


def _has_ties(market: Market) -> bool:
    # Only ties between candidates competing for the same open seats matter.
    for p, applicants in enumerate(market.applicants()):
        ranks = market.jury[p]
        if len({ranks[c] for c in applicants}) < len(applicants):
            return True
    return False
