"""Interview timetable result: placements, quality figures, conflicts, status.

The quality figures are computed from the timetable itself (``timetable_metrics``), so a
timetable edited by hand in the back office is measured the same way as a solver's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cohorte.selection.core.jsonio import expect, format_time, get, get_list, parse_time
from cohorte.selection.core.scheduling_instance import SchedulingInstance


@dataclass(frozen=True, slots=True)
class ScheduledInterview:
    """Where and when one interview takes place."""

    interview: str
    day: str
    start: int
    end: int
    panel: str

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "interview": self.interview,
            "day": self.day,
            "start": format_time(self.start),
            "end": format_time(self.end),
            "panel": self.panel,
        }

    @classmethod
    def from_dict(cls, data: Any, path: str = "timetable") -> ScheduledInterview:
        """Build from the JSON form."""
        expect(data, dict, path)
        return cls(
            get(data, "interview", path, str),
            get(data, "day", path, str),
            parse_time(get(data, "start", path, object), f"{path}.start"),
            parse_time(get(data, "end", path, object), f"{path}.end"),
            get(data, "panel", path, str),
        )


@dataclass(frozen=True, slots=True)
class Conflict:
    """A group of constraints that cannot hold together (infeasible instances)."""

    code: str
    message: str
    subjects: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {"code": self.code, "message": self.message, "subjects": list(self.subjects)}


@dataclass(frozen=True, slots=True)
class TimetableMetrics:
    """Quality figures of a timetable (see ``timetable_metrics``)."""

    days_used: tuple[str, ...] = ()
    panel_idle_minutes: int = 0
    candidate_wait_minutes: int = 0
    extra_visits: int = 0
    preferences_met: int = 0
    preferences_total: int = 0


@dataclass(frozen=True, slots=True)
class ScheduleSolution:
    """Result of ``solve_schedule``: status "optimal", "feasible", "infeasible" or "unknown"."""

    status: str
    timetable: tuple[ScheduledInterview, ...] = ()
    metrics: TimetableMetrics = field(default_factory=TimetableMetrics)
    lower_bound: int = 0
    conflicts: tuple[Conflict, ...] = ()
    message: str = ""
    time_limit_reached: bool = False
    solve_seconds: float = 0.0
    objective: float | None = None
    bound: float | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def days_used(self) -> int:
        """Number of days with at least one interview."""
        return len(self.metrics.days_used)

    @property
    def days_gap(self) -> int:
        """Days used beyond the lower bound (0 means the day count is optimal)."""
        return self.days_used - self.lower_bound

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        m = self.metrics
        return {
            "status": self.status,
            "time_limit_reached": self.time_limit_reached,
            "message": self.message,
            "solve_seconds": round(self.solve_seconds, 3),
            "objective": self.objective,
            "bound": self.bound,
            "days_used": self.days_used,
            "days": list(m.days_used),
            "lower_bound": self.lower_bound,
            "days_gap": self.days_gap,
            "panel_idle_minutes": m.panel_idle_minutes,
            "candidate_wait_minutes": m.candidate_wait_minutes,
            "extra_visits": m.extra_visits,
            "preferences_met": m.preferences_met,
            "preferences_total": m.preferences_total,
            "timetable": [s.to_dict() for s in self.timetable],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "details": dict(self.details),
        }

    @classmethod
    def from_dict(cls, data: Any) -> ScheduleSolution:
        """Build from the JSON form."""
        expect(data, dict, "solution")
        return cls(
            status=get(data, "status", "solution", str),
            timetable=tuple(
                ScheduledInterview.from_dict(row, f"timetable[{i}]")
                for i, row in enumerate(get_list(data, "timetable", "solution"))
            ),
            metrics=TimetableMetrics(
                days_used=tuple(get_list(data, "days", "solution")),
                panel_idle_minutes=get(data, "panel_idle_minutes", "solution", int, 0),
                candidate_wait_minutes=get(data, "candidate_wait_minutes", "solution", int, 0),
                extra_visits=get(data, "extra_visits", "solution", int, 0),
                preferences_met=get(data, "preferences_met", "solution", int, 0),
                preferences_total=get(data, "preferences_total", "solution", int, 0),
            ),
            lower_bound=get(data, "lower_bound", "solution", int, 0),
            conflicts=tuple(
                Conflict(
                    get(c, "code", "conflicts", str),
                    get(c, "message", "conflicts", str),
                    tuple(get_list(c, "subjects", "conflicts")),
                )
                for c in get_list(data, "conflicts", "solution")
            ),
            message=get(data, "message", "solution", str, ""),
            time_limit_reached=get(data, "time_limit_reached", "solution", bool, False),
            solve_seconds=get(data, "solve_seconds", "solution", float, 0.0),
            objective=get(data, "objective", "solution", float, None),
            bound=get(data, "bound", "solution", float, None),
            details=dict(get(data, "details", "solution", dict, {})),
        )


def timetable_metrics(
    instance: SchedulingInstance, timetable: tuple[ScheduledInterview, ...]
) -> TimetableMetrics:
    """Days used, panel idle time, candidate waiting, extra visits and preferences met.

    - panel idle minutes: working time (inside windows, breaks excluded) between two
      consecutive interviews of a panel on a day;
    - candidate wait minutes: time between two consecutive interviews of a candidate on a
      day (breaks included: the candidate is waiting);
    - extra visits: for each candidate, the number of days they must come minus one.
    """
    days = {d.id: d for d in instance.days}
    order = {d.id: k for k, d in enumerate(instance.days)}
    interviews = {i.id: i for i in instance.interviews}
    by_panel_day: dict[tuple[str, str], list[ScheduledInterview]] = defaultdict(list)
    by_candidate: dict[str, list[ScheduledInterview]] = defaultdict(list)
    for placed in timetable:
        by_panel_day[placed.panel, placed.day].append(placed)
        interview = interviews.get(placed.interview)
        if interview is not None:
            by_candidate[interview.candidate].append(placed)
    idle = 0
    for (_panel, day_id), placed in by_panel_day.items():
        placed.sort(key=lambda s: s.start)
        windows = days[day_id].windows if day_id in days else ()
        for before, after in zip(placed, placed[1:], strict=False):
            for window in windows:
                idle += max(0, min(after.start, window.end) - max(before.end, window.start))
    wait = 0
    extra = 0
    for placed in by_candidate.values():
        placed.sort(key=lambda s: (order.get(s.day, 0), s.start))
        extra += len({s.day for s in placed}) - 1
        for before, after in zip(placed, placed[1:], strict=False):
            if before.day == after.day:
                wait += max(0, after.start - before.end)
    met = sum(
        1
        for pref in instance.preferences
        if all(_meets(pref, s) for s in by_candidate.get(pref.candidate, ()))
    )
    used = sorted({s.day for s in timetable}, key=lambda d: order.get(d, 0))
    return TimetableMetrics(
        days_used=tuple(used),
        panel_idle_minutes=idle,
        candidate_wait_minutes=wait,
        extra_visits=extra,
        preferences_met=met,
        preferences_total=len(instance.preferences),
    )


def _meets(preference: Any, placed: ScheduledInterview) -> bool:
    if preference.day is not None and placed.day != preference.day:
        return False
    if preference.start is not None and placed.start < preference.start:
        return False
    return not (preference.end is not None and placed.end > preference.end)
