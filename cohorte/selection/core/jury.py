"""Défi jury of the call for projects: balanced panels, défis per panel, audition slots.

Input: jurors with a category ("administration", "tech", "alumni", "expert"...) and an
optional organisation; défis with their organisation and explicit conflicts (juror ids);
the number of panels, panel size bounds (default 5-8), défis per panel (default 2-3), the
audition length and the days.

Constraints (CP-SAT, booleans ``y[juror, panel]`` and ``z[défi, panel]``):

- every défi is auditioned by exactly one panel, each panel gets 2-3 défis;
- every juror sits on exactly one panel when the panels can hold them all (at most one
  otherwise), each panel has 5-8 members;
- a juror never judges a défi of their own organisation nor one listed in its conflicts.

Objective (minimised): ``1000 * imbalance + size_spread`` where ``imbalance`` sums, over
categories, the difference between the panels with the most and the fewest jurors of that
category, and ``size_spread`` is the largest minus the smallest panel size.

Then each audition is timetabled by the interview scheduler (``scheduling``): the défi's
team plays the candidate (its person id is the défi id, for unavailabilities), the panel
is fixed, jurors cannot be in two auditions at once.

Command line: ``python -m cohorte.selection.core.jury [instance.json]`` (JSON in and out).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

from ortools.sat.python import cp_model

from cohorte.selection.core.jsonio import (
    EXIT_NO_SOLUTION,
    EXIT_OK,
    InstanceError,
    Violation,
    expect,
    get,
    get_list,
    run_cli,
)
from cohorte.selection.core.scheduling import solve_schedule
from cohorte.selection.core.scheduling_checks import check_timetable
from cohorte.selection.core.scheduling_instance import (
    Day,
    DefiPanels,
    Interview,
    Panel,
    SchedulingInstance,
    Unavailability,
    days_to_list,
    parse_days,
    parse_unavailabilities,
    unavailabilities_to_list,
)
from cohorte.selection.core.scheduling_solution import ScheduleSolution

BALANCE_WEIGHT = 1000


@dataclass(frozen=True, slots=True)
class Juror:
    """A juror, their profile category and their organisation (for conflicts of interest)."""

    id: str
    category: str
    organisation: str | None = None


@dataclass(frozen=True, slots=True)
class DefiAudition:
    """A défi to audition, its organisation and jurors who may not judge it."""

    id: str
    organisation: str | None = None
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class JuryInstance:
    """Everything needed to compose the défi jury panels and time the auditions."""

    jurors: tuple[Juror, ...]
    defis: tuple[DefiAudition, ...]
    n_panels: int
    days: tuple[Day, ...] = ()
    panel_size: tuple[int, int] = (5, 8)
    defis_per_panel: tuple[int, int] = (2, 3)
    audition_length: int = 45
    unavailabilities: tuple[Unavailability, ...] = ()

    @classmethod
    def from_dict(cls, data: Any) -> JuryInstance:
        """Build from the JSON form; raise ``InstanceError`` naming what is wrong."""
        expect(data, dict, "instance")
        jurors = []
        for i, raw in enumerate(get_list(data, "jurors", "instance", required=True)):
            path = f"jurors[{i}]"
            expect(raw, dict, path)
            jurors.append(
                Juror(
                    get(raw, "id", path, str),
                    get(raw, "category", path, str),
                    get(raw, "organisation", path, str, None),
                )
            )
        defis = []
        for i, raw in enumerate(get_list(data, "defis", "instance", required=True)):
            path = f"defis[{i}]"
            expect(raw, dict, path)
            conflicts = get_list(raw, "conflicts", path)
            for j, value in enumerate(conflicts):
                expect(value, str, f"{path}.conflicts[{j}]")
            defis.append(
                DefiAudition(
                    get(raw, "id", path, str),
                    get(raw, "organisation", path, str, None),
                    tuple(conflicts),
                )
            )
        return cls(
            jurors=tuple(jurors),
            defis=tuple(defis),
            n_panels=get(data, "n_panels", "instance", int),
            days=parse_days(data),
            panel_size=_bounds(data, "panel_size", (5, 8)),
            defis_per_panel=_bounds(data, "defis_per_panel", (2, 3)),
            audition_length=get(data, "audition_length", "instance", int, 45),
            unavailabilities=parse_unavailabilities(data),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "jurors": [
                {"id": j.id, "category": j.category, "organisation": j.organisation}
                for j in self.jurors
            ],
            "defis": [
                {"id": d.id, "organisation": d.organisation, "conflicts": list(d.conflicts)}
                for d in self.defis
            ],
            "n_panels": self.n_panels,
            "panel_size": list(self.panel_size),
            "defis_per_panel": list(self.defis_per_panel),
            "audition_length": self.audition_length,
            "days": days_to_list(self.days),
            "unavailabilities": unavailabilities_to_list(self.unavailabilities),
        }


def _bounds(data: Mapping[str, Any], key: str, default: tuple[int, int]) -> tuple[int, int]:
    value = get(data, key, "instance", list, list(default))
    if len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise InstanceError([f"instance.{key}: expected [min, max] integers, got {value!r}"])
    return value[0], value[1]


@dataclass(frozen=True, slots=True)
class JuryPanel:
    """One panel: its members, the défis it auditions and its category mix."""

    id: str
    members: tuple[str, ...]
    defis: tuple[str, ...]
    categories: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "id": self.id,
            "members": list(self.members),
            "defis": list(self.defis),
            "categories": dict(self.categories),
        }


@dataclass(frozen=True, slots=True)
class JurySolution:
    """Panels, their balance, and the audition timetable (``schedule``)."""

    status: str  # "optimal", "feasible", "infeasible" or "unknown"
    panels: tuple[JuryPanel, ...] = ()
    imbalance: int = 0
    schedule: ScheduleSolution | None = None
    message: str = ""
    solve_seconds: float = 0.0
    # When no composition seats every juror but one leaving some out exists: who is left out.
    left_out: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "status": self.status,
            "message": self.message,
            "left_out": list(self.left_out),
            "imbalance": self.imbalance,
            "solve_seconds": round(self.solve_seconds, 3),
            "panels": [p.to_dict() for p in self.panels],
            "schedule": self.schedule.to_dict() if self.schedule else None,
        }

    @classmethod
    def from_dict(cls, data: Any) -> JurySolution:
        """Build from the JSON form."""
        expect(data, dict, "solution")
        panels = []
        for i, raw in enumerate(get_list(data, "panels", "solution")):
            path = f"panels[{i}]"
            expect(raw, dict, path)
            panels.append(
                JuryPanel(
                    get(raw, "id", path, str),
                    tuple(get_list(raw, "members", path)),
                    tuple(get_list(raw, "defis", path)),
                    dict(get(raw, "categories", path, dict, {})),
                )
            )
        schedule = data.get("schedule")
        return cls(
            status=get(data, "status", "solution", str),
            panels=tuple(panels),
            imbalance=get(data, "imbalance", "solution", int, 0),
            schedule=ScheduleSolution.from_dict(schedule) if schedule else None,
            message=get(data, "message", "solution", str, ""),
            solve_seconds=get(data, "solve_seconds", "solution", float, 0.0),
            left_out=tuple(data.get("left_out") or ()),
        )


def validate_jury_instance(instance: JuryInstance) -> list[str]:
    """Inconsistencies of a jury instance (unknown ids, duplicates, bad bounds)."""
    problems = []
    jurors = {j.id for j in instance.jurors}
    for label, ids in (
        ("juror", [j.id for j in instance.jurors]),
        ("défi", [d.id for d in instance.defis]),
    ):
        problems.extend(
            f"{label} {v!r} is defined {n} times" for v, n in Counter(ids).items() if n > 1
        )
    for defi in instance.defis:
        problems.extend(
            f"défi {defi.id!r}: conflict with unknown juror {j!r}"
            for j in defi.conflicts
            if j not in jurors
        )
    if instance.n_panels < 1:
        problems.append("n_panels must be at least 1")
    for key in ("panel_size", "defis_per_panel"):
        low, high = getattr(instance, key)
        if low < 0 or low > high:
            problems.append(f"{key} bounds [{low}, {high}] are not valid")
    if instance.audition_length <= 0:
        problems.append("audition_length must be positive")
    return problems


def conflicted(juror: Juror, defi: DefiAudition) -> bool:
    """True when the juror may not judge the défi (same organisation or listed conflict)."""
    same = juror.organisation is not None and juror.organisation == defi.organisation
    return same or juror.id in defi.conflicts


def panel_id(k: int) -> str:
    """Identifier of the k-th panel (0-based)."""
    return f"jury{k + 1}"


def audition_instance(instance: JuryInstance, panels: Sequence[JuryPanel]) -> SchedulingInstance:
    """The scheduling instance of the auditions once the panels are composed."""
    panel_of = {d: p.id for p in panels for d in p.defis}
    return SchedulingInstance(
        days=instance.days,
        panels=tuple(Panel(p.id, p.members) for p in panels),
        defis=tuple(
            DefiPanels(d.id, (panel_of[d.id],)) for d in instance.defis if d.id in panel_of
        ),
        interviews=tuple(
            Interview(f"audition:{d.id}", d.id, d.id) for d in instance.defis if d.id in panel_of
        ),
        slot_length=instance.audition_length,
        unavailabilities=instance.unavailabilities,
    )


def _quick_infeasibility(instance: JuryInstance) -> str | None:
    n, size_low = instance.n_panels, instance.panel_size[0]
    low, high = instance.defis_per_panel
    if not n * low <= len(instance.defis) <= n * high:
        return f"{len(instance.defis)} défis cannot be split into {n} panels of {low}-{high} défis"
    if len(instance.jurors) < n * size_low:
        return f"{len(instance.jurors)} jurors cannot fill {n} panels of at least {size_low}"
    for defi in instance.defis:
        free = sum(not conflicted(j, defi) for j in instance.jurors)
        if free < size_low:
            return f"défi {defi.id}: only {free} jurors without conflict, panels need {size_low}"
    return None


def _composition_model(instance: JuryInstance, seat_all: bool) -> tuple:
    """The composition's model and variables: sizes, défis per panel, conflicts."""
    n = instance.n_panels
    jurors, defis = instance.jurors, instance.defis
    model = cp_model.CpModel()
    y = {(j, k): model.new_bool_var(f"y{j}_{k}") for j in range(len(jurors)) for k in range(n)}
    z = {(d, k): model.new_bool_var(f"z{d}_{k}") for d in range(len(defis)) for k in range(n)}
    for j in range(len(jurors)):
        row = [y[j, k] for k in range(n)]
        (model.add_exactly_one if seat_all else model.add_at_most_one)(row)
    for d in range(len(defis)):
        model.add_exactly_one(z[d, k] for k in range(n))
        if instance.defis_per_panel[0] >= 1:
            # Panels are interchangeable: number them by their first défi.
            for k in range(d + 1, n):
                model.add(z[d, k] == 0)
    sizes = []
    for k in range(n):
        size = sum(y[j, k] for j in range(len(jurors)))
        model.add_linear_constraint(size, *instance.panel_size)
        model.add_linear_constraint(
            sum(z[d, k] for d in range(len(defis))), *instance.defis_per_panel
        )
        sizes.append(size)
    for j, juror in enumerate(jurors):
        for d, defi in enumerate(defis):
            if conflicted(juror, defi):
                for k in range(n):
                    model.add_bool_or([~y[j, k], ~z[d, k]])
    return model, y, z, sizes


def _solver(time_limit: float, num_workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.5, time_limit)
    solver.parameters.num_workers = num_workers
    return solver


def _jurors_left_out(instance: JuryInstance, time_limit: float, num_workers: int) -> tuple:
    """The fewest jurors to leave out for panels to exist, when seating all is the obstacle."""
    model, y, _, _ = _composition_model(instance, seat_all=False)
    model.maximize(sum(y.values()))
    solver = _solver(time_limit, num_workers)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ()
    return tuple(
        juror.id
        for j, juror in enumerate(instance.jurors)
        if not any(solver.boolean_value(y[j, k]) for k in range(instance.n_panels))
    )


def solve_jury(
    instance: JuryInstance,
    *,
    time_limit: float = 10.0,
    num_workers: int = 2,
    schedule: bool = True,
) -> JurySolution:
    """Compose balanced panels, assign défis, time the auditions (see module docstring)."""
    started = perf_counter()
    problems = validate_jury_instance(instance)
    if problems:
        raise InstanceError(problems)
    reason = _quick_infeasibility(instance)
    if reason:
        return JurySolution("infeasible", message=reason, solve_seconds=perf_counter() - started)
    n = instance.n_panels
    jurors, defis = instance.jurors, instance.defis
    seat_all = len(jurors) <= n * instance.panel_size[1]
    model, y, z, sizes = _composition_model(instance, seat_all)
    imbalance = []
    for category in sorted({j.category for j in jurors}):
        members = [j for j, juror in enumerate(jurors) if juror.category == category]
        most = model.new_int_var(0, len(members), f"most_{category}")
        fewest = model.new_int_var(0, len(members), f"fewest_{category}")
        for k in range(n):
            count = sum(y[j, k] for j in members)
            model.add(most >= count)
            model.add(fewest <= count)
        imbalance.append(most - fewest)
    biggest = model.new_int_var(0, len(jurors), "biggest")
    smallest = model.new_int_var(0, len(jurors), "smallest")
    for size in sizes:
        model.add(biggest >= size)
        model.add(smallest <= size)
    model.minimize(BALANCE_WEIGHT * sum(imbalance) + biggest - smallest)
    solver = _solver(time_limit / 2, num_workers)
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        status = "infeasible" if code == cp_model.INFEASIBLE else "unknown"
        message = (
            "no panel composition satisfies the size, défi and conflict constraints"
            if status == "infeasible"
            else "no panel composition found within the time limit"
        )
        left_out: tuple[str, ...] = ()
        if status == "infeasible" and seat_all:
            left_out = _jurors_left_out(instance, time_limit / 2, num_workers)
            if left_out:
                message = (
                    "every juror of the pool must sit, but no composition seats them all: "
                    f"leave out {', '.join(left_out)} or add a panel"
                )
        return JurySolution(
            status, message=message, solve_seconds=perf_counter() - started, left_out=left_out
        )
    panels = []
    for k in range(n):
        members = tuple(juror.id for j, juror in enumerate(jurors) if solver.boolean_value(y[j, k]))
        categories = Counter(
            juror.category for j, juror in enumerate(jurors) if juror.id in members
        )
        panels.append(
            JuryPanel(
                id=panel_id(k),
                members=members,
                defis=tuple(
                    defi.id for d, defi in enumerate(defis) if solver.boolean_value(z[d, k])
                ),
                categories=dict(sorted(categories.items())),
            )
        )
    status = "optimal" if code == cp_model.OPTIMAL else "feasible"
    imbalance_value = int(sum(solver.value(term) for term in imbalance))
    timetable = None
    message = "panels proven optimally balanced" if status == "optimal" else "time limit reached"
    if schedule:
        remaining = max(1.0, time_limit - (perf_counter() - started))
        timetable = solve_schedule(
            audition_instance(instance, panels), time_limit=remaining, num_workers=num_workers
        )
        if timetable.status not in ("optimal", "feasible"):
            status = timetable.status
            message = "panels composed, but the auditions cannot be timetabled: " + (
                "; ".join(c.message for c in timetable.conflicts) or timetable.message
            )
    return JurySolution(
        status=status,
        panels=tuple(panels),
        imbalance=imbalance_value,
        schedule=timetable,
        message=message,
        solve_seconds=perf_counter() - started,
    )


def check_jury(instance: JuryInstance, solution: JurySolution) -> list[Violation]:
    """Every violated constraint of a jury solution (panels, conflicts, audition timetable)."""
    violations = []
    jurors = {j.id: j for j in instance.jurors}
    defis = {d.id: d for d in instance.defis}
    seats = Counter(m for p in solution.panels for m in p.members)
    placed = Counter(d for p in solution.panels for d in p.defis)
    seat_all = len(instance.jurors) <= instance.n_panels * instance.panel_size[1]
    for juror in instance.jurors:
        if seats[juror.id] > 1 or (seat_all and seats[juror.id] == 0):
            violations.append(
                Violation(
                    "juror_seats", f"juror {juror.id} sits on {seats[juror.id]} panels", (juror.id,)
                )
            )
    for defi in instance.defis:
        if placed[defi.id] != 1:
            violations.append(
                Violation("defi_panels", f"défi {defi.id} has {placed[defi.id]} panels", (defi.id,))
            )
    if len(solution.panels) != instance.n_panels:
        violations.append(
            Violation(
                "panel_count", f"{len(solution.panels)} panels instead of {instance.n_panels}"
            )
        )
    for panel in solution.panels:
        low, high = instance.panel_size
        if not low <= len(panel.members) <= high:
            violations.append(
                Violation("panel_size", f"{panel.id} has {len(panel.members)} members", (panel.id,))
            )
        low, high = instance.defis_per_panel
        if not low <= len(panel.defis) <= high:
            violations.append(
                Violation(
                    "panel_defis", f"{panel.id} auditions {len(panel.defis)} défis", (panel.id,)
                )
            )
        for member in panel.members:
            for defi_id in panel.defis:
                if (
                    member in jurors
                    and defi_id in defis
                    and conflicted(jurors[member], defis[defi_id])
                ):
                    violations.append(
                        Violation(
                            "conflict_of_interest",
                            f"juror {member} may not judge défi {defi_id} ({panel.id})",
                            (member, defi_id),
                        )
                    )
    if solution.schedule is not None and solution.schedule.status in ("optimal", "feasible"):
        violations.extend(
            check_timetable(
                audition_instance(instance, solution.panels), solution.schedule.timetable
            )
        )
    return violations


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds in total")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers")


def _solve_json(data: Any, args: argparse.Namespace) -> tuple[dict[str, Any], int]:
    solution = solve_jury(
        JuryInstance.from_dict(data), time_limit=args.time_limit, num_workers=args.workers
    )
    ok = solution.status in ("optimal", "feasible")
    return solution.to_dict(), EXIT_OK if ok else EXIT_NO_SOLUTION


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: JSON jury instance in, JSON panels and timetable out."""
    return run_cli(
        argv,
        prog="python -m cohorte.selection.core.jury",
        description="Compose balanced défi jury panels and time the auditions.",
        add_arguments=_add_arguments,
        solve=_solve_json,
    )


if __name__ == "__main__":
    sys.exit(main())
