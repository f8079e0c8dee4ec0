"""Interview timetabling: conflict-free slots for (candidate, défi) interviews.

Constraints (hard): every interview gets one slot of its length inside one time window of
a day, on a panel allowed for its défi; no panel, candidate, juror or mentor is in two
interviews at once; mentors attend all their défis' interviews; nobody is scheduled
during an unavailability; locks are honoured. Definitions in ``scheduling_instance``.

Objective (soft, lexicographic in practice, weights in ``scheduling_model``): fewest days
used, then fewest extra visits for candidates with several interviews (same day
preferred), then least panel idle time and candidate waiting, then preferences.

Method: ``precheck`` proves obvious impossibilities; a greedy timetable serves as CP-SAT
warm start and fallback; CP-SAT (time-indexed model on the slot grid) improves it within
the time limit. On infeasibility, CP-SAT assumptions name a small conflicting set of
constraint groups. ``lower_bound`` is a proven minimum number of days.

Status: ``"optimal"`` (proven), ``"feasible"`` (time limit reached; see ``message``),
``"infeasible"`` (``conflicts`` says why) or ``"unknown"`` (no timetable found in time).

Command line (JSON on stdin or as a path, JSON on stdout; exit code 1 when no timetable
was found, 2 on malformed input)::

    python -m cohorte.selection.core.scheduling [instance.json] [--time-limit 10]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from time import perf_counter
from typing import Any

from ortools.sat.python import cp_model

from cohorte.selection.core.jsonio import EXIT_NO_SOLUTION, EXIT_OK, InstanceError, run_cli
from cohorte.selection.core.scheduling_diagnosis import (
    days_lower_bound,
    explain_infeasibility,
    precheck,
)
from cohorte.selection.core.scheduling_greedy import greedy_schedule
from cohorte.selection.core.scheduling_grid import Grid, Option, build_grid
from cohorte.selection.core.scheduling_instance import (
    SchedulingInstance,
    validate_scheduling_instance,
)
from cohorte.selection.core.scheduling_model import ScheduleWeights, build_timetable_model
from cohorte.selection.core.scheduling_solution import (
    ScheduledInterview,
    ScheduleSolution,
    timetable_metrics,
)


class _FirstSolution(cp_model.CpSolverSolutionCallback):
    """Records when CP-SAT finds its first and its last improving solution."""

    def __init__(self) -> None:
        super().__init__()
        self.first: float | None = None
        self.last: float | None = None

    def on_solution_callback(self) -> None:
        if self.first is None:
            self.first = self.wall_time
        self.last = self.wall_time


def solve_schedule(
    instance: SchedulingInstance,
    *,
    time_limit: float = 10.0,
    num_workers: int = 2,
    weights: ScheduleWeights | None = None,
    seed: int = 0,
    diagnose: bool = True,
) -> ScheduleSolution:
    """Timetable the interviews (see module docstring); raise ``InstanceError`` if malformed."""
    started = perf_counter()
    problems = validate_scheduling_instance(instance)
    if problems:
        raise InstanceError(problems)
    weights = weights or ScheduleWeights()
    grid = build_grid(instance)
    lower_bound = days_lower_bound(instance, grid)
    conflicts = precheck(instance, grid)
    if conflicts:
        return ScheduleSolution(
            status="infeasible",
            lower_bound=lower_bound,
            conflicts=tuple(conflicts),
            message="the instance is infeasible: see conflicts",
            solve_seconds=perf_counter() - started,
            details={"found_by": "precheck"},
        )
    greedy = greedy_schedule(instance, grid, days_hint=lower_bound)
    greedy_complete = len(greedy) == len(instance.interviews)
    details: dict[str, Any] = {
        "grid_minutes": grid.unit,
        "greedy_placed": len(greedy),
        "greedy_complete": greedy_complete,
        "greedy_seconds": round(perf_counter() - started, 3),
    }
    built = build_timetable_model(instance, grid, weights, hint=greedy)
    details["variables"] = len(built.choice)
    solver = cp_model.CpSolver()
    # A little time is kept to read the solution back, so the whole call meets time_limit.
    solver.parameters.max_time_in_seconds = max(0.5, time_limit - (perf_counter() - started) - 0.3)
    solver.parameters.num_workers = num_workers
    solver.parameters.random_seed = seed
    # Short presolve: full probing and symmetry detection take seconds on 50k booleans,
    # and symmetry fixing would also discard the greedy warm start.
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_presolve_iterations = 1
    details["model_seconds"] = round(perf_counter() - started, 3)
    callback = _FirstSolution()
    code = solver.solve(built.model, callback)
    details["first_solution_seconds"] = (
        round(details["model_seconds"] + callback.first, 3) if callback.first is not None else None
    )
    objective = bound = None
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        placement = {o.interview: o for o, var in built.choice.items() if solver.boolean_value(var)}
        status = "optimal" if code == cp_model.OPTIMAL else "feasible"
        objective, bound = solver.objective_value, solver.best_objective_bound
        message = (
            "CP-SAT proved this timetable optimal"
            if status == "optimal"
            else f"time limit of {time_limit:g}s reached: best timetable found, optimality "
            "not proven"
        )
    elif code == cp_model.INFEASIBLE:
        remaining = max(1.0, time_limit - (perf_counter() - started))
        found = explain_infeasibility(instance, time_limit=remaining) if diagnose else []
        return ScheduleSolution(
            status="infeasible",
            lower_bound=lower_bound,
            conflicts=tuple(found),
            message="no timetable satisfies all constraints: see conflicts",
            solve_seconds=perf_counter() - started,
            details={**details, "found_by": "cp-sat assumptions"},
        )
    elif greedy_complete:
        placement, status = greedy, "feasible"
        message = f"time limit of {time_limit:g}s reached: CP-SAT found nothing, greedy timetable"
    else:
        return ScheduleSolution(
            status="unknown",
            lower_bound=lower_bound,
            message=f"no timetable found within {time_limit:g}s (infeasibility not proven)",
            time_limit_reached=True,
            solve_seconds=perf_counter() - started,
            details=details,
        )
    timetable = _timetable(instance, grid, placement)
    return ScheduleSolution(
        status=status,
        timetable=timetable,
        metrics=timetable_metrics(instance, timetable),
        lower_bound=lower_bound,
        message=message,
        time_limit_reached=status == "feasible",
        solve_seconds=perf_counter() - started,
        objective=objective,
        bound=bound,
        details=details,
    )


def _timetable(
    instance: SchedulingInstance, grid: Grid, placement: dict[int, Option]
) -> tuple[ScheduledInterview, ...]:
    rows = []
    for i in sorted(placement):
        option = placement[i]
        rows.append(
            ScheduledInterview(
                interview=instance.interviews[i].id,
                day=instance.days[grid.day_of(option)].id,
                start=grid.start_minute(option),
                end=grid.start_minute(option) + instance.length_of(instance.interviews[i]),
                panel=instance.panels[option.panel].id,
            )
        )
    return tuple(rows)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds in total")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers")
    parser.add_argument(
        "--no-diagnosis", action="store_true", help="skip naming the conflicts when infeasible"
    )


def _solve_json(data: Any, args: argparse.Namespace) -> tuple[dict[str, Any], int]:
    solution = solve_schedule(
        SchedulingInstance.from_dict(data),
        time_limit=args.time_limit,
        num_workers=args.workers,
        diagnose=not args.no_diagnosis,
    )
    ok = solution.status in ("optimal", "feasible")
    return solution.to_dict(), EXIT_OK if ok else EXIT_NO_SOLUTION


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: JSON instance in, JSON timetable out."""
    return run_cli(
        argv,
        prog="python -m cohorte.selection.core.scheduling",
        description="Schedule interviews on panels without conflicts.",
        add_arguments=_add_arguments,
        solve=_solve_json,
    )


if __name__ == "__main__":
    sys.exit(main())
