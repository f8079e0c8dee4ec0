"""Why a timetable is impossible, and how many days any timetable needs.

``precheck`` finds obvious impossibilities without a solver (each one is a proof of
infeasibility): a défi with no panel, an interview longer than every window or with no
moment when all its participants are free, a lock outside the windows, on a panel not
allowed, during an unavailability or clashing with another lock, a candidate or mentor
needing more time than they have, panels that cannot hold their défis' interviews.

``explain_infeasibility`` handles the rest with CP-SAT assumptions: every constraint group
(a lock, a person's unavailability, a panel's or a person's no-overlap) is guarded by a
literal, the solver returns a subset of literals sufficient for infeasibility, and a
deletion pass shrinks it (time permitting) to a minimal conflicting set.

``days_lower_bound``: for every resource (all panels together, each set of panels a défi
may use, each mentor, each candidate) the fewest days whose capacity covers its load,
and the number of distinct locked days; the bound is the largest of these.
"""

from __future__ import annotations

from collections import defaultdict
from time import perf_counter

from ortools.sat.python import cp_model

from cohorte.selection.core.jsonio import format_time
from cohorte.selection.core.scheduling_grid import Grid, build_grid
from cohorte.selection.core.scheduling_instance import Panel, SchedulingInstance
from cohorte.selection.core.scheduling_model import redundant_person, resource_users
from cohorte.selection.core.scheduling_solution import Conflict


def _roles(instance: SchedulingInstance) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = defaultdict(list)
    for candidate in dict.fromkeys(i.candidate for i in instance.interviews):
        roles[candidate].append("candidate")
    for panel in instance.panels:
        for member in panel.members:
            roles[member].append(f"juror on {panel.id}")
    for defi in instance.defis:
        for mentor in defi.mentors:
            roles[mentor].append(f"mentor of {defi.id}")
    return roles


def _who(person: str, roles: dict[str, list[str]]) -> str:
    described = ", ".join(roles.get(person, ()))
    return f"{person} ({described})" if described else person


def precheck(instance: SchedulingInstance, grid: Grid) -> list[Conflict]:
    """Obvious impossibilities, each sufficient on its own to make the instance infeasible."""
    conflicts: list[Conflict] = []
    roles = _roles(instance)
    defis = {d.id: d for d in instance.defis}
    panels = {p.id: p for p in instance.panels}
    interviewed = {i.defi for i in instance.interviews}
    for defi in instance.defis:
        if not defi.panels and defi.id in interviewed:
            conflicts.append(
                Conflict(
                    "defi_without_panel", f"défi {defi.id} has no panel to interview", (defi.id,)
                )
            )
    for i, interview in enumerate(instance.interviews):
        defi = defis[interview.defi]
        if grid.options[i] or not defi.panels:
            continue
        size = grid.sizes[i]
        fits = [
            t
            for t in range(len(grid.cell_day) - size + 1)
            if grid.cell_window[t] == grid.cell_window[t + size - 1]
        ]
        if not fits:
            conflicts.append(
                Conflict(
                    "interview_too_long",
                    f"interview {interview.id} ({instance.length_of(interview)} min) fits in no "
                    "time window",
                    (interview.id,),
                )
            )
            continue
        covered = {t + k for t in fits for k in range(size)}
        blockers = sorted(
            {
                person
                for row in grid.people[i]
                for person in row
                if grid.blocked.get(person, set()) & covered
            }
        )
        conflicts.append(
            Conflict(
                "no_available_slot",
                f"interview {interview.id} (candidate {interview.candidate}, défi {defi.id}) has "
                "no moment when everyone is free: unavailability of "
                + ", ".join(_who(p, roles) for p in blockers),
                (interview.id, *blockers),
            )
        )
    conflicts.extend(_lock_conflicts(instance, grid, roles))
    conflicts.extend(_overloads(instance, grid, roles, panels))
    return conflicts


def _lock_conflicts(
    instance: SchedulingInstance, grid: Grid, roles: dict[str, list[str]]
) -> list[Conflict]:
    conflicts = []
    days = {d.id: d for d in instance.days}
    defis = {d.id: d for d in instance.defis}
    panels = {p.id: p for p in instance.panels}
    interviews = {iv.id: iv for iv in instance.interviews}
    blocked_by_day: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for u in instance.unavailabilities:
        blocked_by_day[u.person, u.day].append((u.start, u.end))
    placed = []
    for lock in instance.locks:
        interview = interviews[lock.interview]
        defi = defis[interview.defi]
        end = lock.start + instance.length_of(interview)
        label = f"lock of interview {lock.interview} on {lock.day} {format_time(lock.start)}"
        if not any(w.start <= lock.start and end <= w.end for w in days[lock.day].windows):
            conflicts.append(
                Conflict(
                    "lock_outside_windows",
                    f"{label}-{format_time(end)} is not inside a time window (break or off hours)",
                    (lock.interview,),
                )
            )
        if lock.panel not in defi.panels:
            conflicts.append(
                Conflict(
                    "lock_panel_not_allowed",
                    f"{label}: panel {lock.panel} may not interview for défi {defi.id}",
                    (lock.interview, lock.panel),
                )
            )
        people = {interview.candidate, *defi.mentors, *panels[lock.panel].members}
        absent = sorted(
            person
            for person in people
            if any(
                s < end and lock.start < e for s, e in blocked_by_day.get((person, lock.day), ())
            )
        )
        if absent:
            conflicts.append(
                Conflict(
                    "lock_in_unavailability",
                    f"{label}: unavailability of " + ", ".join(_who(p, roles) for p in absent),
                    (lock.interview, *absent),
                )
            )
        placed.append((lock, end, people | {"panel:" + lock.panel}))
    for a in range(len(placed)):
        for b in range(a + 1, len(placed)):
            (lock_a, end_a, people_a), (lock_b, end_b, people_b) = placed[a], placed[b]
            shared = sorted(people_a & people_b)
            if (
                lock_a.day == lock_b.day
                and lock_a.start < end_b
                and lock_b.start < end_a
                and shared
            ):
                conflicts.append(
                    Conflict(
                        "locks_clash",
                        f"locks of interviews {lock_a.interview} and {lock_b.interview} overlap "
                        f"on {lock_a.day} and share " + ", ".join(shared),
                        (lock_a.interview, lock_b.interview),
                    )
                )
    return conflicts


def _overloads(
    instance: SchedulingInstance,
    grid: Grid,
    roles: dict[str, list[str]],
    panels: dict[str, Panel],
) -> list[Conflict]:
    conflicts = []
    load = _person_loads(instance, grid)
    total_cells = len(grid.cell_day)
    for person, cells in load.items():
        free = total_cells - len(grid.blocked.get(person, ()))
        if cells > free:
            conflicts.append(
                Conflict(
                    "person_overloaded",
                    f"{_who(person, roles)} must attend {cells * grid.unit} min of interviews "
                    f"but is available {free * grid.unit} min",
                    (person,),
                )
            )
    loads = _panel_set_loads(instance, grid)
    loads[tuple(sorted(panels))] = sum(grid.sizes)
    for panel_set, cells in loads.items():
        free = sum(_panel_free_cells(grid, panels[p]) for p in panel_set)
        if cells > free:
            conflicts.append(
                Conflict(
                    "panels_overloaded",
                    f"interviews on panels {', '.join(panel_set)} need "
                    f"{cells * grid.unit} min but these panels have {free * grid.unit} min",
                    panel_set,
                )
            )
    return conflicts


def _person_loads(instance: SchedulingInstance, grid: Grid) -> dict[str, int]:
    defis = {d.id: d for d in instance.defis}
    load: dict[str, int] = defaultdict(int)
    for i, interview in enumerate(instance.interviews):
        for person in {interview.candidate, *defis[interview.defi].mentors}:
            load[person] += grid.sizes[i]
    return load


def _panel_set_loads(instance: SchedulingInstance, grid: Grid) -> dict[tuple[str, ...], int]:
    defis = {d.id: d for d in instance.defis}
    sets = {tuple(sorted(d.panels)) for d in instance.defis if d.panels}
    loads = {}
    for panel_set in sets:
        members = set(panel_set)
        loads[panel_set] = sum(
            grid.sizes[i]
            for i, interview in enumerate(instance.interviews)
            if defis[interview.defi].panels and set(defis[interview.defi].panels) <= members
        )
    return loads


def _panel_free_cells(grid: Grid, panel: Panel) -> int:
    blocked = set()
    for member in panel.members:
        blocked |= grid.blocked.get(member, set())
    return len(grid.cell_day) - len(blocked)


def days_lower_bound(instance: SchedulingInstance, grid: Grid) -> int:
    """Fewest days any timetable needs (see module docstring); 0 without interviews."""
    if not instance.interviews:
        return 0
    n_days = len(grid.day_cells)
    panels = {p.id: p for p in instance.panels}

    def per_day_free(blocked: set[int], copies: int = 1) -> list[int]:
        return [
            copies * len(cells) - sum(1 for t in cells if t in blocked) for cells in grid.day_cells
        ]

    def days_for(load: int, capacity: list[int]) -> int:
        covered = 0
        for k, cap in enumerate(sorted(capacity, reverse=True), start=1):
            covered += cap
            if covered >= load:
                return k
        return n_days

    bound = len({lock.day for lock in instance.locks})
    every_panel = tuple(sorted(p.id for p in instance.panels))
    loads = _panel_set_loads(instance, grid)
    loads[every_panel] = sum(grid.sizes)
    for person, load in _person_loads(instance, grid).items():
        bound = max(bound, days_for(load, per_day_free(grid.blocked.get(person, set()))))
    for panel_set, load in loads.items():
        capacity = [0] * n_days
        for panel_id in panel_set:
            blocked: set[int] = set()
            for member in panels[panel_id].members:
                blocked |= grid.blocked.get(member, set())
            for d, free in enumerate(per_day_free(blocked)):
                capacity[d] += free
        bound = max(bound, days_for(load, capacity))
    return max(bound, 1)


def explain_infeasibility(
    instance: SchedulingInstance, *, time_limit: float = 10.0, num_workers: int = 1
) -> list[Conflict]:
    """A (small, ideally minimal) set of constraint groups that cannot hold together."""
    started = perf_counter()
    grid = build_grid(instance, keep_unavailable=True)
    roles = _roles(instance)
    model = cp_model.CpModel()
    n_panels = len(instance.panels)
    choice = {}
    for i, options in enumerate(grid.options):
        for option in options:
            choice[option] = model.new_bool_var(f"x{i}_{option.panel}_{option.cell}")
        model.add_exactly_one(choice[o] for o in options)
    groups: list[tuple[cp_model.IntVar, Conflict]] = []
    for i, option in grid.lock_option.items():
        if option is None:
            continue
        lock = next(lock for lock in instance.locks if lock.interview == instance.interviews[i].id)
        literal = model.new_bool_var(f"lock{i}")
        model.add_implication(literal, choice[option])
        groups.append(
            (
                literal,
                Conflict(
                    "lock",
                    f"lock of interview {lock.interview} on {lock.day} "
                    f"{format_time(lock.start)} with {lock.panel}",
                    (lock.interview,),
                ),
            )
        )
    unavailable: dict[str, cp_model.IntVar] = {}
    for option, var in choice.items():
        for person in grid.people[option.interview][option.panel]:
            cells = grid.blocked.get(person)
            if cells and any(t in cells for t in grid.cells(option)):
                if person not in unavailable:
                    unavailable[person] = model.new_bool_var(f"unavailable_{person}")
                model.add_implication(unavailable[person], ~var)
    for person, literal in sorted(unavailable.items()):
        groups.append(
            (
                literal,
                Conflict("unavailability", f"unavailability of {_who(person, roles)}", (person,)),
            )
        )
    for r, options in sorted(resource_users(grid, n_panels).items()):
        if r >= n_panels and redundant_person(options):
            continue
        covering: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for option in options:
            for t in grid.cells(option):
                covering[t].append(choice[option])
        rows = [lits for lits in covering.values() if len(lits) > 1]
        if not rows:
            continue
        name = grid.resource_names[r]
        literal = model.new_bool_var(f"no_overlap_{name}")
        for lits in rows:
            model.add(sum(lits) <= 1).only_enforce_if(literal)
        if r < n_panels:
            conflict = Conflict(
                "panel_capacity", f"panel {name[6:]} holds one interview at a time", (name[6:],)
            )
        else:
            conflict = Conflict(
                "person_overlap",
                f"{_who(name, roles)} cannot attend two interviews at once",
                (name,),
            )
        groups.append((literal, conflict))
    by_index = {lit.index: (lit, conflict) for lit, conflict in groups}
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = num_workers

    def infeasible_core(assumed: list[int], budget: float) -> list[int] | None:
        model.clear_assumptions()
        model.add_assumptions([by_index[i][0] for i in assumed])
        solver.parameters.max_time_in_seconds = max(0.1, budget)
        if solver.solve(model) != cp_model.INFEASIBLE:
            return None
        return [i for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]

    base = Conflict(
        "time_windows",
        "the days and their time windows (the slots available at all)",
        tuple(d.id for d in instance.days),
    )
    core = infeasible_core(list(by_index), time_limit / 2)
    if core is None:
        # Pigeonhole-like cores can take CP-SAT longer than the budget to prove: say so
        # rather than report nothing for an input already proven infeasible.
        return [
            Conflict(
                "undetermined",
                "no timetable satisfies all constraints, but the conflicting ones could not be "
                "isolated within the time limit",
            ),
            base,
        ]
    # Deletion filter: drop each group in turn and keep it out if still infeasible.
    for index in list(core):
        remaining = time_limit - (perf_counter() - started)
        if remaining <= 0.2 or len(core) > 40:
            break
        if index not in core:
            continue
        trial = [i for i in core if i != index]
        smaller = infeasible_core(trial, min(2.0, remaining))
        if smaller is not None:
            core = [i for i in trial if i in set(smaller)] or trial
    return [by_index[i][1] for i in core] + [base]
