"""CP-SAT models of the matching: maximum weakly stable matching, and weighted optimum.

Variables: one boolean ``x[c, p]`` per acceptable pair of the residual market (locked
candidates and seats are already set aside).

Constraints:

- each candidate gets at most one position: ``sum_p x[c, p] <= 1``;
- capacity: ``sum_c x[c, p] <= cap_p``;
- weak stability (when asked): a pair (c, p) must not block, i.e. either c holds a position
  they like at least as much as p, or p is full of candidates its jury ranks at least as
  high as c (with ties, p is indifferent between c and an equally ranked holder, so that
  pair does not block; requiring strictly better holders would be *strong* stability,
  which may have no solution). Linearised as
  ``cap_p * sum_{q <=_c p} x[c, q] + sum_{c' : rank_p(c') <= rank_p(c)} x[c', p] >= cap_p``
  (c itself may appear in the second sum: when x[c, p] = 1 the first sum already suffices).

Objectives:

- ``"size"`` (stable mode with ties, "MAX HRT"): maximise the number of matched candidates;
  among maximum matchings, prefer candidates' better choices. Lexicographic through
  weights: ``size_weight * size - sum(preference rank - 1)`` with
  ``size_weight = 1 + sum of the worst possible rank penalties``.
- ``"weighted"`` (optimal mode): maximise
  ``seat_weight * seats_filled + sum_pairs (cw * cand_score + jw * jury_score)`` where
  ``cand_score = round(100 * (L_c - r) / (L_c - 1))`` for the r-th entry of a list of length
  L_c (100 if L_c = 1), ``jury_score = round(100 * (W_p - j) / (W_p - B_p))`` for jury rank
  j when p's applicants have ranks from B_p (best) to W_p (100 if all tie), and
  ``seat_weight = 100 * (cw + jw) * min(#candidates, #seats) + 1`` so that filling one more
  seat always beats any improvement of the scores.

The deferred-acceptance matching is given as a solution hint (it is weakly stable, hence
feasible for every model here).
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from cohorte.selection.core.matching_market import Market

SIZE = "size"
WEIGHTED = "weighted"


@dataclass(frozen=True, slots=True)
class CpResult:
    """Outcome of a CP-SAT matching solve."""

    match: list[int]  # position per candidate, -1 if unmatched (residual market)
    status: str  # "optimal", "feasible" or "unknown" (no solution found in time)
    objective: float | None
    bound: float | None
    wall_time: float


def solve_matching_cpsat(
    market: Market,
    *,
    objective: str,
    stable: bool,
    hint: list[int] | None,
    time_limit: float,
    num_workers: int = 2,
    candidate_weight: int = 1,
    jury_weight: int = 1,
    seed: int = 0,
) -> CpResult:
    """Solve the CP-SAT model described in the module docstring."""
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for c, prefs in enumerate(market.prefs):
        for p in prefs:
            x[c, p] = model.new_bool_var(f"x_{c}_{p}")
    applicants = market.applicants()
    for c, prefs in enumerate(market.prefs):
        if len(prefs) > 1:
            model.add_at_most_one(x[c, p] for p in prefs)
    for p, cands in enumerate(applicants):
        if len(cands) > market.capacity[p]:
            model.add(sum(x[c, p] for c in cands) <= market.capacity[p])
    if stable:
        _add_weak_stability(model, market, applicants, x)
    if objective == SIZE:
        penalties = {key: _preference_index(market, *key) for key in x}
        size_weight = 1 + sum(
            max((penalties[c, p] for p in prefs), default=0) for c, prefs in enumerate(market.prefs)
        )
        model.maximize(sum(size_weight * var - penalties[key] * var for key, var in x.items()))
    else:
        scores = _pair_scores(market, applicants, candidate_weight, jury_weight)
        total_seats = sum(market.capacity)
        seat_weight = (
            100 * (candidate_weight + jury_weight) * min(len(market.prefs), total_seats) + 1
        )
        model.maximize(sum((seat_weight + scores[key]) * var for key, var in x.items()))
    if hint is not None:
        for (c, p), var in x.items():
            model.add_hint(var, hint[c] == p)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = num_workers
    solver.parameters.random_seed = seed
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return CpResult([-1] * len(market.prefs), "unknown", None, None, solver.wall_time)
    match = [-1] * len(market.prefs)
    for (c, p), var in x.items():
        if solver.boolean_value(var):
            match[c] = p
    return CpResult(
        match=match,
        status="optimal" if code == cp_model.OPTIMAL else "feasible",
        objective=solver.objective_value,
        bound=solver.best_objective_bound,
        wall_time=solver.wall_time,
    )


def _preference_index(market: Market, c: int, p: int) -> int:
    for i, (q, _source, _rank) in enumerate(market.full_prefs[c]):
        if q == p:
            return i
    raise ValueError("pair not in the candidate's preference list")


def _add_weak_stability(
    model: cp_model.CpModel,
    market: Market,
    applicants: list[list[int]],
    x: dict[tuple[int, int], cp_model.IntVar],
) -> None:
    for p, cands in enumerate(applicants):
        cap = market.capacity[p]
        ranks = market.jury[p]
        ordered = sorted(cands, key=lambda c: ranks[c])
        if len(ordered) <= cap:
            # p can take all its applicants: stability requires each to hold p or better.
            for c in ordered:
                model.add(sum(x[c, q] for q in _at_least_as_good(market.prefs[c], p)) >= 1)
            continue
        # Holders ranked at least as high as c (c included: harmless, x[c, p] = 1 already
        # satisfies the constraint through the first sum).
        as_good: list[cp_model.IntVar] = []
        i = 0
        while i < len(ordered):
            j = i
            rank = ranks[ordered[i]]
            while j < len(ordered) and ranks[ordered[j]] == rank:
                j += 1
            as_good.extend(x[c, p] for c in ordered[i:j])
            for c in ordered[i:j]:
                mine = [x[c, q] for q in _at_least_as_good(market.prefs[c], p)]
                model.add(cap * sum(mine) + sum(as_good) >= cap)
            i = j


def _at_least_as_good(prefs: list[int], p: int) -> list[int]:
    return prefs[: prefs.index(p) + 1]


def _pair_scores(
    market: Market, applicants: list[list[int]], candidate_weight: int, jury_weight: int
) -> dict[tuple[int, int], int]:
    scores = {}
    worst = [
        max((market.jury[p][c] for c in cands), default=1) for p, cands in enumerate(applicants)
    ]
    best = [
        min((market.jury[p][c] for c in cands), default=1) for p, cands in enumerate(applicants)
    ]
    for c, prefs in enumerate(market.prefs):
        length = len(market.full_prefs[c])
        for p in prefs:
            r = _preference_index(market, c, p) + 1
            cand_score = 100 if length == 1 else round(100 * (length - r) / (length - 1))
            span = worst[p] - best[p]
            j = market.jury[p][c]
            jury_score = 100 if span == 0 else round(100 * (worst[p] - j) / span)
            scores[c, p] = candidate_weight * cand_score + jury_weight * jury_score
    return scores
