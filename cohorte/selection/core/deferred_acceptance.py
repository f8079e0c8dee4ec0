"""Candidate-proposing deferred acceptance (Gale-Shapley, hospitals/residents with capacities).

Each free candidate proposes to their next acceptable position; a position keeps its best
proposals up to its capacity and rejects the rest. The result is the candidate-optimal
stable matching, and truthful reporting is a dominant strategy for candidates.

Jury ties are broken by instance order (the candidate listed first wins), which gives a
weakly stable matching: the warm start of the maximum weakly stable matching search.

Complexity: O(total preference-list length x log capacity). Each position keeps a heap of
its holders keyed by ``-(rank * n + candidate)``, so the worst holder is on top and keys
are unique integers (no tuple comparisons in the hot loop).
"""

from __future__ import annotations

from heapq import heappush, heapreplace

from cohorte.selection.core.matching_market import Market


def deferred_acceptance(market: Market) -> list[int]:
    """Candidate-optimal stable matching of the residual market; position per candidate or -1."""
    n = len(market.candidate_ids) or 1
    keys = [{c: r * n + c for c, r in ranks.items()} for ranks in market.jury]
    capacity = market.capacity
    prefs = market.prefs
    heaps: list[list[int]] = [[] for _ in capacity]
    match = [-1] * len(prefs)
    cursor = [0] * len(prefs)
    free = [c for c in range(len(prefs) - 1, -1, -1) if prefs[c]]
    while free:
        c = free.pop()
        choices = prefs[c]
        i = cursor[c]
        while i < len(choices):
            p = choices[i]
            i += 1
            key = keys[p][c]
            heap = heaps[p]
            if len(heap) < capacity[p]:
                heappush(heap, -key)
                match[c] = p
                break
            if -heap[0] > key:
                loser = -heapreplace(heap, -key) % n
                match[c] = p
                match[loser] = -1
                free.append(loser)
                break
        cursor[c] = i
    return match
