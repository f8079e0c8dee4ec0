"""Discretisation of a scheduling instance: slot grid, placement options, resources.

The grid unit is the gcd of the slot length and of every interview length, so each
interview covers a whole number of consecutive cells of one window (it cannot straddle a
break). Cells are numbered globally across days and windows; consecutive cells of a day
skip breaks, which is why idle time counted in cells ignores lunch.

A placement *option* is (interview, panel, first cell). Options that would put a
participant (candidate, panel member, mentor) in an unavailability are dropped here,
unless ``keep_unavailable`` is set (the diagnosis model guards them with literals).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from math import gcd
from typing import NamedTuple

from cohorte.selection.core.scheduling_instance import SchedulingInstance


class Option(NamedTuple):
    """Interview ``interview`` on panel ``panel`` over cells [cell, cell + size).

    A named tuple rather than a dataclass: models hash tens of thousands of options, and
    tuple hashing is native.
    """

    interview: int
    panel: int
    cell: int
    size: int


@dataclass(slots=True)
class Grid:
    """Cells of every day and the placement options of every interview."""

    unit: int
    cell_day: list[int]
    cell_start: list[int]  # minutes since midnight
    cell_window: list[int]  # global window number
    day_cells: list[range]
    sizes: list[int]  # cells per interview
    people: list[list[tuple[str, ...]]]  # per interview, per panel index: persons present
    resources: list[list[tuple[int, ...]]]  # same, as resource numbers (panels first)
    resource_names: list[str]  # "panel:<id>" for panels, person ids after
    options: list[list[Option]] = field(default_factory=list)  # per interview
    blocked: dict[str, set[int]] = field(default_factory=dict)  # person -> unavailable cells
    lock_option: dict[int, Option | None] = field(default_factory=dict)

    def cells(self, option: Option) -> range:
        """Cells covered by an option."""
        return range(option.cell, option.cell + option.size)

    def day_of(self, option: Option) -> int:
        """Day index of an option."""
        return self.cell_day[option.cell]

    def start_minute(self, option: Option) -> int:
        """Start time of an option in minutes since midnight."""
        return self.cell_start[option.cell]

    def end_minute(self, option: Option) -> int:
        """End time of an option in minutes since midnight."""
        return self.cell_start[option.cell] + option.size * self.unit


def build_grid(instance: SchedulingInstance, *, keep_unavailable: bool = False) -> Grid:
    """Discretise a validated instance."""
    unit = instance.slot_length
    for interview in instance.interviews:
        unit = gcd(unit, instance.length_of(interview))
    for lock in instance.locks:
        # Locks must fall on the grid too: refine it when they do not.
        for day in instance.days:
            for window in day.windows:
                if day.id == lock.day and window.start < lock.start < window.end:
                    unit = gcd(unit, lock.start - window.start)
    cell_day, cell_start, cell_window, day_cells = [], [], [], []
    window_number = 0
    for d, day in enumerate(instance.days):
        first = len(cell_day)
        for window in day.windows:
            t = window.start
            while t + unit <= window.end:
                cell_day.append(d)
                cell_start.append(t)
                cell_window.append(window_number)
                t += unit
            window_number += 1
        day_cells.append(range(first, len(cell_day)))
    panel_index = {p.id: k for k, p in enumerate(instance.panels)}
    defis = {d.id: d for d in instance.defis}
    sizes = [-(-instance.length_of(i) // unit) for i in instance.interviews]
    people = []
    for interview in instance.interviews:
        defi = defis[interview.defi]
        row: list[tuple[str, ...]] = [() for _ in instance.panels]
        for panel_id in defi.panels:
            k = panel_index[panel_id]
            row[k] = tuple(
                dict.fromkeys((interview.candidate, *defi.mentors, *instance.panels[k].members))
            )
        people.append(row)
    resource_names = [f"panel:{p.id}" for p in instance.panels]
    person_number: dict[str, int] = {}
    resources = []
    for i in range(len(instance.interviews)):
        resource_row: list[tuple[int, ...]] = []
        for k, persons in enumerate(people[i]):
            numbers = [k]
            for person in persons:
                if person not in person_number:
                    person_number[person] = len(resource_names)
                    resource_names.append(person)
                numbers.append(person_number[person])
            resource_row.append(tuple(numbers) if persons else ())
        resources.append(resource_row)
    grid = Grid(
        unit=unit,
        cell_day=cell_day,
        cell_start=cell_start,
        cell_window=cell_window,
        day_cells=day_cells,
        sizes=sizes,
        people=people,
        resources=resources,
        resource_names=resource_names,
    )
    grid.blocked = _blocked_cells(instance, grid)
    grid.options = [
        _options_of(instance, grid, i, panel_index, defis, keep_unavailable)
        for i in range(len(instance.interviews))
    ]
    interview_index = {iv.id: i for i, iv in enumerate(instance.interviews)}
    for lock in instance.locks:
        i = interview_index[lock.interview]
        match = [
            o
            for o in grid.options[i]
            if instance.panels[o.panel].id == lock.panel
            and instance.days[grid.day_of(o)].id == lock.day
            and grid.start_minute(o) == lock.start
        ]
        grid.lock_option[i] = match[0] if match else None
    return grid


def _blocked_cells(instance: SchedulingInstance, grid: Grid) -> dict[str, set[int]]:
    day_index = {d.id: k for k, d in enumerate(instance.days)}
    blocked: dict[str, set[int]] = defaultdict(set)
    for u in instance.unavailabilities:
        d = day_index[u.day]
        for t in grid.day_cells[d]:
            start = grid.cell_start[t]
            if start < u.end and start + grid.unit > u.start:
                blocked[u.person].add(t)
    return dict(blocked)


def _options_of(
    instance: SchedulingInstance,
    grid: Grid,
    i: int,
    panel_index: dict[str, int],
    defis: dict,
    keep_unavailable: bool,
) -> list[Option]:
    interview = instance.interviews[i]
    size = grid.sizes[i]
    starts = [
        t
        for t in range(len(grid.cell_day) - size + 1)
        if grid.cell_window[t] == grid.cell_window[t + size - 1]
    ]
    options = []
    for panel_id in defis[interview.defi].panels:
        k = panel_index[panel_id]
        blocked = set()
        if not keep_unavailable:
            for person in grid.people[i][k]:
                blocked |= grid.blocked.get(person, set())
        for t in starts:
            if blocked and any(c in blocked for c in range(t, t + size)):
                continue
            options.append(Option(i, k, t, size))
    options.sort(key=lambda o: (o.cell, o.panel))
    return options
