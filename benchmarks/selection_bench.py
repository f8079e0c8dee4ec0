"""Selection engine benchmarks: matching and interview scheduling at the programme's scale.

Run from the repository root::

    python benchmarks/selection_bench.py            # full run, under ~3 minutes
    python benchmarks/selection_bench.py --quick    # skips the slowest baseline

Speed is reported as ratios against a baseline measured in the same run (the `matching`
package for deferred acceptance, the greedy timetable for scheduling), next to the
targets of the issue; nothing is asserted.
"""

# ruff: noqa: E402 - the repository root must be on sys.path before importing cohorte.
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cohorte.selection.core.generate import (
    generate_jury_instance,
    generate_matching_instance,
    generate_scheduling_instance,
)
from cohorte.selection.core.jury import check_jury, solve_jury
from cohorte.selection.core.matching import solve_matching
from cohorte.selection.core.matching_checks import check_matching
from cohorte.selection.core.scheduling import solve_schedule
from cohorte.selection.core.scheduling_checks import check_timetable
from cohorte.selection.core.scheduling_diagnosis import days_lower_bound
from cohorte.selection.core.scheduling_greedy import greedy_schedule
from cohorte.selection.core.scheduling_grid import build_grid
from cohorte.selection.core.scheduling_solution import (
    ScheduledInterview,
    timetable_metrics,
)

SEED = 2024
SCALES = (1, 10, 100)


def table(headers: list[str], rows: list[list[object]]) -> str:
    """Render rows as an aligned plain-text table."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def digest(assignment: dict[str, str]) -> str:
    """Order-independent fingerprint of a matching."""
    return hashlib.sha256(json.dumps(sorted(assignment.items())).encode()).hexdigest()[:16]


def baseline_worker(scale: int) -> None:
    """Subprocess entry: solve with the `matching` package, print time and fingerprint."""
    from matching.games import HospitalResident

    # The package deep-copies players that reference each other: deep recursion.
    sys.setrecursionlimit(1_000_000)
    instance = generate_matching_instance(500 * scale, seed=SEED)
    jury = {p.key: p.jury for p in instance.positions}
    residents = {}
    for candidate in instance.candidates:
        prefs = [str(k) for k in candidate.choices if candidate.id in jury[k]]
        if prefs:
            residents[candidate.id] = prefs
    hospitals, capacities = {}, {}
    for position in instance.positions:
        name = str(position.key)
        ranked = [c for c in position.jury if name in residents.get(c, ())]
        if ranked and position.capacity > 0:
            hospitals[name] = sorted(ranked, key=position.jury.__getitem__)
            capacities[name] = position.capacity
    residents = {c: [h for h in prefs if h in hospitals] for c, prefs in residents.items()}
    residents = {c: prefs for c, prefs in residents.items() if prefs}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        started = time.perf_counter()
        game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
        matched = game.solve(optimal="resident")
        seconds = time.perf_counter() - started
    assignment = {r.name: h.name for h, rs in matched.items() for r in rs}
    print(json.dumps({"seconds": seconds, "digest": digest(assignment), "size": len(assignment)}))


def run_baseline(scale: int, timeout: float) -> dict | None:
    """The `matching` package on the same instance, in a subprocess bounded by ``timeout``."""
    try:
        result = subprocess.run(
            [sys.executable, __file__, "--baseline-worker", str(scale)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_stable(args: argparse.Namespace) -> None:
    print("\n## Stable matching without ties: deferred acceptance vs the `matching` package\n")
    rows = []
    notes = []
    for scale in SCALES:
        instance = generate_matching_instance(500 * scale, seed=SEED)
        seats = sum(p.capacity for p in instance.positions)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            solution = solve_matching(instance)
            times.append(time.perf_counter() - started)
        ours = min(times)
        assert not check_matching(instance, solution.assignment)
        mine = digest({c: str(k) for c, k in solution.assignment.items()})
        skip = scale == 100 and args.quick
        baseline = None if skip else run_baseline(scale, args.baseline_timeout)
        if baseline is None:
            reason = "skipped (--quick)" if skip else f"> {args.baseline_timeout:g}s, stopped"
            base_time, ratio, same = reason, "n/a", "n/a"
            notes.append(f"{scale}x baseline: {reason}; compared at 1x and 10x only.")
        else:
            base_time = f"{baseline['seconds']:.3f}"
            ratio = f"{baseline['seconds'] / ours:.1f}x"
            same = "yes" if baseline["digest"] == mine else "no"
        target = ""
        if scale == 100:
            target = f"{'OK' if ours < 1.0 else 'MISSED'} (< 1 s target)"
        rows.append(
            [
                f"{scale}x",
                len(instance.candidates),
                len(instance.positions),
                seats,
                solution.size,
                len(solution.blocking_pairs),
                f"{ours:.3f}",
                base_time,
                ratio,
                same,
                target,
            ]
        )
        if scale == 100:
            started = time.perf_counter()
            explained = list(solution.explanations.values())
            notes.append(
                f"100x: materialising all {len(explained)} explanations (lazy, "
                f"on demand by default) takes {time.perf_counter() - started:.2f}s more."
            )
    print(
        table(
            [
                "scale",
                "candidates",
                "positions",
                "seats",
                "matched",
                "blocking",
                "ours (s)",
                "matching pkg (s)",
                "speed ratio",
                "same matching",
                "target",
            ],
            rows,
        )
    )
    print("\nours = solve_matching(): validation, deferred acceptance, blocking-pair check.")
    for note in notes:
        print(note)


def bench_ties() -> None:
    print("\n## Jury ties: maximum weakly stable matching (CP-SAT) vs tie-broken DA\n")
    rows = []
    for label, seats in (("programme (80 seats)", 80), ("tight (400 seats)", 400)):
        instance = generate_matching_instance(500, 30, seats, ties=True, seed=SEED)
        broken = solve_matching(instance, ties="break")
        started = time.perf_counter()
        best = solve_matching(instance, time_limit=10.0, num_workers=2)
        seconds = time.perf_counter() - started
        assert not check_matching(instance, best.assignment) and not best.blocking_pairs
        rows.append(
            [
                label,
                best.status,
                "yes" if best.status == "optimal" else "no",
                best.size,
                broken.size,
                f"+{best.size - broken.size}",
                len(best.blocking_pairs),
                f"{seconds:.2f}",
                f"{'OK' if seconds < 10 else 'MISSED'} (< 10 s)",
            ]
        )
    print(
        table(
            [
                "instance",
                "status",
                "proven optimal",
                "max weakly stable size",
                "tie-broken DA size",
                "gain",
                "blocking",
                "time (s)",
                "target",
            ],
            rows,
        )
    )


def bench_scheduling(args: argparse.Namespace) -> None:
    print("\n## Interview scheduling: 400 interviews, 8 panels, 5 days\n")
    instance = generate_scheduling_instance(400, 8, 5, seed=SEED)
    started = time.perf_counter()
    grid = build_grid(instance)
    placed = greedy_schedule(instance, grid, days_hint=days_lower_bound(instance, grid))
    greedy_seconds = time.perf_counter() - started
    greedy_table = tuple(
        ScheduledInterview(
            instance.interviews[i].id,
            instance.days[grid.day_of(o)].id,
            grid.start_minute(o),
            grid.end_minute(o),
            instance.panels[o.panel].id,
        )
        for i, o in sorted(placed.items())
    )
    greedy = timetable_metrics(instance, greedy_table)
    limit = 5.0 if args.quick else 10.0
    solution = solve_schedule(instance, time_limit=limit, num_workers=2)
    violations = check_timetable(instance, solution.timetable)
    m = solution.metrics
    rows = [
        [
            "greedy (baseline)",
            f"{len(placed)}/{len(instance.interviews)}",
            len(check_timetable(instance, greedy_table)),
            len(greedy.days_used),
            greedy.panel_idle_minutes,
            greedy.candidate_wait_minutes,
            greedy.extra_visits,
            f"{greedy.preferences_met}/{greedy.preferences_total}",
            f"{greedy_seconds:.2f}",
        ],
        [
            f"CP-SAT ({solution.status})",
            f"{len(solution.timetable)}/{len(instance.interviews)}",
            len(violations),
            solution.days_used,
            m.panel_idle_minutes,
            m.candidate_wait_minutes,
            m.extra_visits,
            f"{m.preferences_met}/{m.preferences_total}",
            f"{solution.solve_seconds:.2f}",
        ],
    ]
    print(
        table(
            [
                "method",
                "placed",
                "violations",
                "days used",
                "panel idle (min)",
                "candidate wait (min)",
                "extra visits",
                "preferences met",
                "time (s)",
            ],
            rows,
        )
    )
    first = solution.details.get("first_solution_seconds")
    print(
        f"\nfeasible, no conflicts: {'yes' if not violations and solution.timetable else 'no'}"
        f" (check_timetable: {len(violations)} violations)"
        f"\nfirst conflict-free timetable: greedy at {greedy_seconds:.2f}s, CP-SAT first "
        f"solution at {first}s; time limit {limit:g}s, total {solution.solve_seconds:.2f}s "
        f"({'OK' if solution.solve_seconds <= 10.0 else 'MISSED'} vs 10 s target)"
        f"\ndays used {solution.days_used} vs lower bound {solution.lower_bound} "
        f"(gap {solution.days_gap}); model: {solution.details.get('variables')} booleans"
    )


def bench_jury() -> None:
    print("\n## Défi jury: 24 jurors, 10 défis, 4 panels\n")
    instance = generate_jury_instance(24, 10, 4, seed=SEED)
    solution = solve_jury(instance, time_limit=10.0)
    violations = check_jury(instance, solution)
    schedule = solution.schedule
    print(
        table(
            ["status", "imbalance", "panels", "auditions timed", "violations", "time (s)"],
            [
                [
                    solution.status,
                    solution.imbalance,
                    " ".join(f"{len(p.members)}j/{len(p.defis)}d" for p in solution.panels),
                    len(schedule.timetable) if schedule else 0,
                    len(violations),
                    f"{solution.solve_seconds:.2f}",
                ]
            ],
        )
    )


def main() -> None:
    """Run every benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 100x baseline")
    parser.add_argument(
        "--baseline-timeout",
        type=float,
        default=60.0,
        help="seconds allowed to the `matching` package per scale (default 60)",
    )
    parser.add_argument("--baseline-worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_worker:
        baseline_worker(args.baseline_worker)
        return
    started = time.perf_counter()
    print(f"# Selection engine benchmarks (seed {SEED}, Python {sys.version.split()[0]})")
    bench_stable(args)
    bench_ties()
    bench_scheduling(args)
    bench_jury()
    print(f"\nTotal benchmark time: {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
