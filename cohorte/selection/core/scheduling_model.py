"""CP-SAT timetable model on the slot grid (see ``scheduling_grid``).

Variables: one boolean per placement option (interview, panel, first cell); options that
break an unavailability or a lock are not even created.

Hard constraints:

- every interview takes exactly one option (locked ones: their lock);
- for every resource and cell, at most one interview covering the cell. Resources are the
  panels (one interview at a time) and the people attending: candidates with several
  interviews, mentors (present at all their défis' interviews) and jurors sitting on
  several panels. A person whose interviews all use one panel is covered by that panel's
  constraint and gets none of their own.

Objective (minimised, weights in ``ScheduleWeights``)::

    day * days_used + day_order * sum(index of used days)
    + extra_visit * sum_candidates(days they come - 1)
    + panel_idle_minute * idle minutes inside panels' days (first to last interview,
      breaks excluded)
    + candidate_wait_minute * waiting minutes of candidates seen several times in one day
    + preference * weight, for each interview outside its candidate's preferred day/hours

With the default weights this is lexicographic in practice: days first, then visits,
then idle and waiting time, then preferences.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from cohorte.selection.core.scheduling_grid import Grid, Option
from cohorte.selection.core.scheduling_instance import SchedulingInstance


@dataclass(frozen=True, slots=True)
class ScheduleWeights:
    """Objective weights of the timetable model (see module docstring)."""

    day: int = 10_000_000
    day_order: int = 1
    extra_visit: int = 1_000
    panel_idle_minute: int = 1
    candidate_wait_minute: int = 1
    preference: int = 10


@dataclass(slots=True)
class TimetableModel:
    """The CP-SAT model and the variables needed to read a solution back."""

    model: cp_model.CpModel
    choice: dict[Option, cp_model.IntVar]
    day_used: list[cp_model.IntVar]


def redundant_person(users: list[Option]) -> bool:
    """True when a person's no-overlap constraint is implied by others (see module doc)."""
    interviews = {o.interview for o in users}
    panels = {o.panel for o in users}
    return len(interviews) <= 1 or len(panels) <= 1


def resource_users(grid: Grid, n_panels: int) -> dict[int, list[Option]]:
    """Options using each resource (panels are resources 0..n_panels-1)."""
    users: dict[int, list[Option]] = defaultdict(list)
    for options in grid.options:
        for option in options:
            for r in grid.resources[option.interview][option.panel]:
                users[r].append(option)
    return users


def build_timetable_model(
    instance: SchedulingInstance,
    grid: Grid,
    weights: ScheduleWeights,
    hint: dict[int, Option] | None = None,
) -> TimetableModel:
    """Build the model described in the module docstring, warm started by ``hint``."""
    model = cp_model.CpModel()
    n_panels = len(instance.panels)
    # A complete hint also gets values for the auxiliary variables: CP-SAT then takes it as
    # its first solution right away instead of trying to repair a partial assignment.
    full = hint if hint is not None and len(hint) == len(instance.interviews) else None
    chosen_options = set(hint.values()) if hint else set()
    choice: dict[Option, cp_model.IntVar] = {}
    for i, options in enumerate(grid.options):
        locked = grid.lock_option.get(i)
        # A lock that matches no option (off the grid, during an unavailability) leaves the
        # interview with nothing: the model is infeasible and the diagnosis explains why.
        allowed = [locked] if locked is not None else [] if i in grid.lock_option else options
        for option in allowed:
            var = model.new_bool_var(f"x{i}_{option.panel}_{option.cell}")
            choice[option] = var
            if hint is not None and i in hint:
                model.add_hint(var, option in chosen_options)
        model.add_exactly_one(choice[o] for o in allowed)
    users = resource_users(grid, n_panels)
    occupancy: dict[tuple[int, int], cp_model.IntVar] = {}
    busy = {(o.panel, t) for o in chosen_options for t in grid.cells(o)}
    for r, options in users.items():
        options = [o for o in options if o in choice]
        if r >= n_panels and redundant_person(options):
            continue
        covering: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for option in options:
            for t in grid.cells(option):
                covering[t].append(choice[option])
        for t, lits in covering.items():
            if r < n_panels:
                occ = model.new_bool_var(f"occ{r}_{t}")
                model.add(sum(lits) == occ)
                occupancy[r, t] = occ
                if full:
                    model.add_hint(occ, (r, t) in busy)
            elif len(lits) > 1:
                model.add_at_most_one(lits)
    day_used = [model.new_bool_var(f"day{d}") for d in range(len(grid.day_cells))]
    objective = []
    for d, cells in enumerate(grid.day_cells):
        objective.append((weights.day + weights.day_order * d) * day_used[d])
        if full:
            model.add_hint(day_used[d], any(grid.cell_day[o.cell] == d for o in chosen_options))
        for k in range(n_panels):
            occ = [(t - cells.start, occupancy[k, t]) for t in cells if (k, t) in occupancy]
            if not occ:
                continue
            size = len(cells)
            used = model.new_bool_var(f"used{k}_{d}")
            first = model.new_int_var(0, size - 1, f"first{k}_{d}")
            last = model.new_int_var(0, size - 1, f"last{k}_{d}")
            idle = model.new_int_var(0, size, f"idle{k}_{d}")
            model.add_implication(used, day_used[d])
            for local, var in occ:
                model.add_implication(var, used)
                model.add(first <= local).only_enforce_if(var)
                model.add(last >= local).only_enforce_if(var)
            model.add(idle >= last - first + 1 - sum(v for _, v in occ)).only_enforce_if(used)
            objective.append(weights.panel_idle_minute * grid.unit * idle)
            if full:
                taken = [t - cells.start for t in cells if (k, t) in busy]
                model.add_hint(used, bool(taken))
                model.add_hint(first, min(taken, default=0))
                model.add_hint(last, max(taken, default=0))
                model.add_hint(idle, max(taken) - min(taken) + 1 - len(taken) if taken else 0)
    objective.extend(_candidate_terms(model, instance, grid, choice, weights, full))
    objective.extend(_preference_terms(instance, grid, choice, weights))
    model.minimize(sum(objective))
    return TimetableModel(model, choice, day_used)


def _candidate_terms(
    model: cp_model.CpModel,
    instance: SchedulingInstance,
    grid: Grid,
    choice: dict[Option, cp_model.IntVar],
    weights: ScheduleWeights,
    hint: dict[int, Option] | None,
) -> list:
    by_candidate: dict[str, list[int]] = defaultdict(list)
    for i, interview in enumerate(instance.interviews):
        by_candidate[interview.candidate].append(i)
    terms = []
    for candidate, interviews in by_candidate.items():
        if len(interviews) < 2:
            continue
        options = {i: [o for o in grid.options[i] if o in choice] for i in interviews}
        hinted_days = {grid.cell_day[hint[i].cell] for i in interviews} if hint else set()
        comes = []
        for d in range(len(grid.day_cells)):
            on_day = [
                [choice[o] for o in options[i] if grid.cell_day[o.cell] == d] for i in interviews
            ]
            if not any(on_day):
                continue
            var = model.new_bool_var(f"comes_{candidate}_{d}")
            for lits in on_day:
                if lits:
                    model.add(var >= sum(lits))
            comes.append(var)
            if hint:
                model.add_hint(var, d in hinted_days)
        terms.append(weights.extra_visit * sum(comes))
        single = model.new_bool_var(f"single_{candidate}")
        model.add(sum(comes) <= 1).only_enforce_if(single)
        model.add(sum(comes) >= 2).only_enforce_if(~single)
        total = sum(grid.sizes[i] for i in interviews) * grid.unit
        starts = {i: sum(grid.start_minute(o) * choice[o] for o in options[i]) for i in interviews}
        ends = {i: sum(grid.end_minute(o) * choice[o] for o in options[i]) for i in interviews}
        wait = model.new_int_var(0, 24 * 60, f"wait_{candidate}")
        for i in interviews:
            for j in interviews:
                if i != j:
                    model.add(wait >= ends[i] - starts[j] - total).only_enforce_if(single)
        terms.append(weights.candidate_wait_minute * wait)
        if hint:
            model.add_hint(single, len(hinted_days) == 1)
            span = max(grid.end_minute(hint[i]) for i in interviews) - min(
                grid.start_minute(hint[i]) for i in interviews
            )
            model.add_hint(wait, max(0, span - total) if len(hinted_days) == 1 else 0)
    return terms


def _preference_terms(
    instance: SchedulingInstance,
    grid: Grid,
    choice: dict[Option, cp_model.IntVar],
    weights: ScheduleWeights,
) -> list:
    if not instance.preferences:
        return []
    prefs = defaultdict(list)
    for pref in instance.preferences:
        prefs[pref.candidate].append(pref)
    terms = []
    for option, var in choice.items():
        interview = instance.interviews[option.interview]
        penalty = 0
        for pref in prefs.get(interview.candidate, ()):
            day = instance.days[grid.cell_day[option.cell]].id
            start, end = grid.start_minute(option), grid.end_minute(option)
            if (
                (pref.day is not None and day != pref.day)
                or (pref.start is not None and start < pref.start)
                or (pref.end is not None and end > pref.end)
            ):
                penalty += pref.weight
        if penalty:
            terms.append(weights.preference * penalty * var)
    return terms
