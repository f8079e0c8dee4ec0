"""Greedy timetable: the CP-SAT warm start, and the fallback when CP-SAT finds nothing in time.

Locked interviews first; then candidates one by one, those with several interviews first
(while back-to-back slots are still free), then those with the fewest placement options.
A candidate's interviews go back to back on a day already in use (or the next new day),
else on one day as close together as possible, else each at its earliest free option.
Days already in use are tried before new ones, which keeps the number of days low.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import permutations

from cohorte.selection.core.scheduling_grid import Grid, Option
from cohorte.selection.core.scheduling_instance import SchedulingInstance


def greedy_schedule(
    instance: SchedulingInstance, grid: Grid, *, days_hint: int | None = None
) -> dict[int, Option]:
    """Place as many interviews as possible without conflict; interview index -> option.

    Four strategies are tried (candidates with several interviews first or most constrained
    first; with or without back-to-back chaining), each staying within ``days_hint`` days
    (e.g. the lower bound) while it can, and the best timetable is kept: most interviews
    placed, then fewest days, extra visits, then waiting minutes.
    """
    best: dict[int, Option] | None = None
    best_key: tuple = ()
    for multi_first, chain in ((True, True), (False, True), (True, False), (False, False)):
        placed = _Greedy(instance, grid, multi_first, chain, days_hint).run()
        key = _quality(instance, grid, placed)
        if best is None or key < best_key:
            best, best_key = placed, key
    return best or {}


def _quality(instance: SchedulingInstance, grid: Grid, placed: dict[int, Option]) -> tuple:
    days = {grid.cell_day[o.cell] for o in placed.values()}
    by_candidate: dict[str, list[Option]] = defaultdict(list)
    for i, option in placed.items():
        by_candidate[instance.interviews[i].candidate].append(option)
    visits = wait = 0
    for options in by_candidate.values():
        visits += len({grid.cell_day[o.cell] for o in options}) - 1
        if len({grid.cell_day[o.cell] for o in options}) == 1 and len(options) > 1:
            span = max(grid.end_minute(o) for o in options) - min(
                grid.start_minute(o) for o in options
            )
            wait += span - sum(o.size for o in options) * grid.unit
    return (-len(placed), len(days), visits, wait)


class _Greedy:
    def __init__(
        self,
        instance: SchedulingInstance,
        grid: Grid,
        multi_first: bool,
        chain: bool,
        day_limit: int | None,
    ) -> None:
        self.instance = instance
        self.grid = grid
        self.multi_first = multi_first
        self.chain = chain
        self.day_limit = day_limit
        self.busy: set[tuple[int, int]] = set()
        self.placed: dict[int, Option] = {}
        self.load_per_day = [0] * len(grid.day_cells)
        # Options per interview and day, and per (interview, first cell) for chaining.
        self.by_day: list[list[list[Option]]] = []
        self.by_cell: list[dict[int, list[Option]]] = []
        for options in grid.options:
            days: list[list[Option]] = [[] for _ in grid.day_cells]
            cells: dict[int, list[Option]] = defaultdict(list)
            for option in options:
                days[grid.cell_day[option.cell]].append(option)
                cells[option.cell].append(option)
            self.by_day.append(days)
            self.by_cell.append(cells)

    def free(self, option: Option) -> bool:
        resources = self.grid.resources[option.interview][option.panel]
        busy = self.busy
        return all(
            (r, t) not in busy
            for t in range(option.cell, option.cell + option.size)
            for r in resources
        )

    def first_free(self, options: Iterable[Option]) -> Option | None:
        """The first option whose panel and participants are all free, if any."""
        return next((o for o in options if self.free(o)), None)

    def take(self, option: Option) -> None:
        for t in range(option.cell, option.cell + option.size):
            for r in self.grid.resources[option.interview][option.panel]:
                self.busy.add((r, t))
        self.placed[option.interview] = option
        self.load_per_day[self.grid.cell_day[option.cell]] += 1

    def release(self, option: Option) -> None:
        for t in range(option.cell, option.cell + option.size):
            for r in self.grid.resources[option.interview][option.panel]:
                self.busy.discard((r, t))
        del self.placed[option.interview]
        self.load_per_day[self.grid.cell_day[option.cell]] -= 1

    def days_to_try(self) -> list[int]:
        # Days already in use, then the first unused one: opening a new day is the last
        # resort because days used come first in the objective.
        used = [d for d, load in enumerate(self.load_per_day) if load]
        unused = [d for d, load in enumerate(self.load_per_day) if not load]
        if self.day_limit is not None:
            room = max(0, self.day_limit - len(used))
            return used + unused[:room]
        return used + unused

    def run(self) -> dict[int, Option]:
        grid = self.grid
        for option in grid.lock_option.values():
            if option is not None and self.free(option):
                self.take(option)
        groups: dict[str, list[int]] = defaultdict(list)
        for i, interview in enumerate(self.instance.interviews):
            if i not in self.placed and i not in grid.lock_option:
                groups[interview.candidate].append(i)

        # Either candidates seen several times first (back-to-back slots are still free),
        # or the most constrained candidates first (fewest placement options).
        def priority(group: list[int]) -> tuple:
            fewest = min(len(grid.options[i]) for i in group)
            return (-len(group), fewest, group[0]) if self.multi_first else (fewest, -len(group))

        for group in sorted(groups.values(), key=priority):
            group = sorted(group, key=lambda i: (len(grid.options[i]), i))
            if self.chain and len(group) > 1 and self.back_to_back(group):
                continue
            if self.same_day(group):
                continue
            allowed = set(self.days_to_try())
            for i in group:
                in_allowed_days = (o for o in grid.options[i] if grid.cell_day[o.cell] in allowed)
                option = self.first_free(in_allowed_days) or self.first_free(grid.options[i])
                if option is not None:
                    self.take(option)
        return self.placed

    def back_to_back(self, group: list[int]) -> bool:
        """Place the group's interviews one right after the other on an early day."""
        days = self.days_to_try()
        # Only days in use and one new day: chaining must not open days on its own.
        for d in days[: sum(1 for load in self.load_per_day if load) + 1]:
            for order in permutations(group):
                for first in self.by_day[order[0]][d]:
                    if not self.free(first):
                        continue
                    self.take(first)
                    chain = [first]
                    for i in order[1:]:
                        after = chain[-1].cell + chain[-1].size
                        # Cells are numbered across days: the next cell may be tomorrow.
                        if after >= len(self.grid.cell_day) or self.grid.cell_day[after] != d:
                            break
                        nxt = self.first_free(self.by_cell[i].get(after, ()))
                        if nxt is None:
                            break
                        self.take(nxt)
                        chain.append(nxt)
                    if len(chain) == len(order):
                        return True
                    for option in chain:
                        self.release(option)
        return False

    def same_day(self, group: list[int]) -> bool:
        """Place the group's interviews on one day, as close together as possible."""
        for d in self.days_to_try():
            trial: list[Option] = []
            cursor = -1
            for i in group:
                options = self.by_day[i][d]
                option = next((o for o in options if o.cell >= cursor and self.free(o)), None)
                if option is None:
                    option = next((o for o in options if self.free(o)), None)
                if option is None:
                    break
                self.take(option)
                trial.append(option)
                cursor = option.cell + option.size
            if len(trial) == len(group):
                return True
            for option in trial:
                self.release(option)
        return False
