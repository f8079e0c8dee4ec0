"""Matching candidates to (défi, profile) seats: stable or optimal, with explanations.

Modes (``solve_matching(mode=...)``):

- ``"stable"`` (default), like residents/hospitals. Without jury ties: candidate-proposing
  deferred acceptance, the candidate-optimal stable matching, strategy-proof for
  candidates, near-linear time (status ``"optimal"``). With ties (``ties="max_size"``): a
  weakly stable matching of maximum size (MAX HRT, NP-hard in general) by CP-SAT, warm
  started with deferred acceptance where ties are broken by instance order; among maximum
  matchings, candidates' better choices are preferred. ``ties="break"`` keeps the
  tie-broken deferred acceptance (fast, strategy-proof, size not maximised).
- ``"optimal"``: CP-SAT maximising seats filled first, then candidates' preferences and
  jury ranks (weights documented in ``matching_cpsat``); ``stable=True`` adds the
  weak-stability constraints, ``stable=False`` drops them.

Constraints in every mode: capacities, one seat per candidate, only acceptable pairs
(in the candidate's list, ranked or offered by the jury, not forbidden), locks honoured
(definitions in ``matching_instance``). Locked candidates and their seats are set aside;
stability concerns the remaining market.

Status: ``"optimal"`` when proven (deferred acceptance, or CP-SAT proof); ``"feasible"``
with ``time_limit_reached`` and a ``message`` when the time limit cut the search, or when
ties were broken without maximising the size.

Command line (JSON on stdin or as a path, JSON on stdout, exit code 2 on malformed input)::

    python -m cohorte.selection.core.matching [instance.json] [--mode optimal] ...
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from time import perf_counter
from typing import Any

from cohorte.selection.core.deferred_acceptance import deferred_acceptance
from cohorte.selection.core.jsonio import EXIT_OK, InstanceError, run_cli
from cohorte.selection.core.matching_checks import blocking_pairs
from cohorte.selection.core.matching_cpsat import SIZE, WEIGHTED, solve_matching_cpsat
from cohorte.selection.core.matching_explain import (
    LazyExplanations,
    rank_distribution,
    unfilled_seats,
)
from cohorte.selection.core.matching_instance import MatchingInstance, validate_matching_instance
from cohorte.selection.core.matching_market import build_market
from cohorte.selection.core.matching_solution import MatchingSolution

STABLE = "stable"
OPTIMAL = "optimal"
MAX_SIZE = "max_size"
BREAK = "break"


def solve_matching(
    instance: MatchingInstance,
    *,
    mode: str = STABLE,
    stable: bool = True,
    ties: str = MAX_SIZE,
    time_limit: float = 10.0,
    num_workers: int = 2,
    candidate_weight: int = 1,
    jury_weight: int = 1,
    seed: int = 0,
) -> MatchingSolution:
    """Match candidates to positions (see module docstring); raise ``InstanceError`` if invalid."""
    started = perf_counter()
    if mode not in (STABLE, OPTIMAL):
        raise ValueError(f"unknown mode {mode!r}: expected {STABLE!r} or {OPTIMAL!r}")
    if ties not in (MAX_SIZE, BREAK):
        raise ValueError(f"unknown ties policy {ties!r}: expected {MAX_SIZE!r} or {BREAK!r}")
    problems = validate_matching_instance(instance)
    if problems:
        raise InstanceError(problems)
    market = build_market(instance)
    match = deferred_acceptance(market)
    da_size = sum(p >= 0 for p in match)
    status, message, time_limit_reached = "optimal", "", False
    objective = bound = None
    if mode == STABLE and not market.has_ties:
        message = "no jury ties: deferred acceptance gives the candidate-optimal stable matching"
    elif mode == STABLE and ties == BREAK:
        status = "feasible"
        message = (
            "jury ties broken by instance order (deferred acceptance): weakly stable, "
            "size not proven maximum"
        )
    else:
        result = solve_matching_cpsat(
            market,
            objective=SIZE if mode == STABLE else WEIGHTED,
            stable=stable or mode == STABLE,
            hint=match,
            time_limit=time_limit,
            num_workers=num_workers,
            candidate_weight=candidate_weight,
            jury_weight=jury_weight,
            seed=seed,
        )
        objective, bound = result.objective, result.bound
        if result.status == "unknown":
            status, time_limit_reached = "feasible", True
            message = (
                f"time limit of {time_limit:g}s reached before CP-SAT found a solution: "
                "returning the tie-broken deferred acceptance matching"
            )
        else:
            match = result.match
            status = result.status
            if status == "feasible":
                time_limit_reached = True
                message = (
                    f"time limit of {time_limit:g}s reached: best solution found, "
                    f"optimality not proven (objective {objective:g}, bound {bound:g})"
                )
            else:
                message = "CP-SAT proved this matching optimal"
    for c, p in market.locked.items():
        match[c] = p
    ids, keys = market.candidate_ids, market.positions
    assignment = {ids[c]: keys[p] for c, p in enumerate(match) if p >= 0}
    return MatchingSolution(
        mode=mode,
        status=status,
        assignment=assignment,
        unfilled=unfilled_seats(market, match),
        explanations=LazyExplanations(market, match),
        blocking_pairs=tuple(blocking_pairs(instance, assignment)),
        rank_distribution=rank_distribution(market, match),
        time_limit_reached=time_limit_reached,
        message=message,
        solve_seconds=perf_counter() - started,
        objective=objective,
        bound=bound,
        details={
            "has_ties": market.has_ties,
            "deferred_acceptance_size": da_size + len(market.locked),
            "locked": len(market.locked),
            "stability_required": mode == STABLE or stable,
        },
    )


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mode", choices=(STABLE, OPTIMAL), default=STABLE)
    parser.add_argument(
        "--no-stability",
        action="store_true",
        help="optimal mode: drop the weak-stability constraints",
    )
    parser.add_argument("--ties", choices=(MAX_SIZE, BREAK), default=MAX_SIZE)
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds (CP-SAT)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers")
    parser.add_argument("--candidate-weight", type=int, default=1)
    parser.add_argument("--jury-weight", type=int, default=1)


def _solve_json(data: Any, args: argparse.Namespace) -> tuple[dict[str, Any], int]:
    solution = solve_matching(
        MatchingInstance.from_dict(data),
        mode=args.mode,
        stable=not args.no_stability,
        ties=args.ties,
        time_limit=args.time_limit,
        num_workers=args.workers,
        candidate_weight=args.candidate_weight,
        jury_weight=args.jury_weight,
    )
    return solution.to_dict(), EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: JSON instance in, JSON solution out."""
    return run_cli(
        argv,
        prog="python -m cohorte.selection.core.matching",
        description="Match candidates to (défi, profile) seats.",
        add_arguments=_add_arguments,
        solve=_solve_json,
    )


if __name__ == "__main__":
    sys.exit(main())
