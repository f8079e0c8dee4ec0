"""Interview scheduling instance: days and windows, panels, défis, interviews, constraints.

- Times are minutes since midnight (``"09:30"`` in JSON). A day has time windows, e.g.
  9:00-12:30 and 14:00-18:00; what lies between windows is a break.
- An interview is a (candidate, défi) meeting lasting ``length`` minutes (default: the
  global ``slot_length``). It happens on one of the défi's panels, with all the panel's
  members (jurors) and all the défi's mentors present.
- Candidates, jurors and mentors share one namespace of person ids: a person listed in
  several roles can never be in two places at once.
- Unavailabilities are intervals of a day when a person cannot attend anything; without
  times they cover the whole day.
- A lock fixes an interview's day, start time and panel.
- Preferences are soft: a candidate would like their interviews on a given day and/or
  between two times (``weight`` scales the penalty when not met).

JSON form (``from_dict`` / ``to_dict``)::

    {"slot_length": 30,
     "days": [{"id": "2025-03-10", "windows": [["09:00", "12:30"], ["14:00", "18:00"]]}],
     "panels": [{"id": "P1", "members": ["J1", "J2", "J3"]}],
     "defis": [{"id": "D1", "panels": ["P1", "P2"], "mentors": ["M1"]}],
     "interviews": [{"id": "I1", "candidate": "C1", "defi": "D1", "length": 30}],
     "unavailabilities": [{"person": "M1", "day": "2025-03-10", "start": "09:00", "end": "12:30"}],
     "locks": [{"interview": "I1", "day": "2025-03-10", "start": "14:00", "panel": "P1"}],
     "preferences": [{"candidate": "C1", "day": "2025-03-10", "start": "14:00", "end": "18:00"}]}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cohorte.selection.core.jsonio import (
    InstanceError,
    expect,
    format_time,
    get,
    get_list,
    parse_time,
)


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """A working interval of a day, in minutes since midnight: [start, end)."""

    start: int
    end: int

    def to_list(self) -> list[str]:
        """Return the JSON form."""
        return [format_time(self.start), format_time(self.end)]


@dataclass(frozen=True, slots=True)
class Day:
    """A day of interviews and its working windows (gaps between windows are breaks)."""

    id: str
    windows: tuple[TimeWindow, ...]


@dataclass(frozen=True, slots=True)
class Panel:
    """A panel and its members (jurors); it holds one interview at a time."""

    id: str
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DefiPanels:
    """Which panels may interview for a défi, and which mentors attend all its interviews."""

    id: str
    panels: tuple[str, ...]
    mentors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Interview:
    """A (candidate, défi) interview; ``length`` in minutes, None for the global slot length."""

    id: str
    candidate: str
    defi: str
    length: int | None = None


@dataclass(frozen=True, slots=True)
class Unavailability:
    """A person cannot attend anything on ``day`` between ``start`` and ``end``."""

    person: str
    day: str
    start: int = 0
    end: int = 24 * 60


@dataclass(frozen=True, slots=True)
class SlotLock:
    """Interview ``interview`` must start at ``start`` on ``day`` with ``panel``."""

    interview: str
    day: str
    start: int
    panel: str


@dataclass(frozen=True, slots=True)
class Preference:
    """Soft wish of a candidate: interviews on ``day`` and/or within [start, end)."""

    candidate: str
    day: str | None = None
    start: int | None = None
    end: int | None = None
    weight: int = 1


@dataclass(frozen=True, slots=True)
class SchedulingInstance:
    """Everything the interview scheduler needs."""

    days: tuple[Day, ...]
    panels: tuple[Panel, ...]
    defis: tuple[DefiPanels, ...]
    interviews: tuple[Interview, ...]
    slot_length: int = 30
    unavailabilities: tuple[Unavailability, ...] = ()
    locks: tuple[SlotLock, ...] = ()
    preferences: tuple[Preference, ...] = ()

    def length_of(self, interview: Interview) -> int:
        """Duration of an interview in minutes."""
        return interview.length if interview.length is not None else self.slot_length

    @classmethod
    def from_dict(cls, data: Any) -> SchedulingInstance:
        """Build an instance from its JSON form; raise ``InstanceError`` naming what is wrong."""
        expect(data, dict, "instance")
        days = parse_days(data)
        panels = []
        for i, raw in enumerate(get_list(data, "panels", "instance", required=True)):
            path = f"panels[{i}]"
            expect(raw, dict, path)
            panels.append(Panel(get(raw, "id", path, str), _strings(raw, "members", path)))
        defis = []
        for i, raw in enumerate(get_list(data, "defis", "instance", required=True)):
            path = f"defis[{i}]"
            expect(raw, dict, path)
            defis.append(
                DefiPanels(
                    get(raw, "id", path, str),
                    _strings(raw, "panels", path),
                    _strings(raw, "mentors", path),
                )
            )
        interviews = []
        for i, raw in enumerate(get_list(data, "interviews", "instance", required=True)):
            path = f"interviews[{i}]"
            expect(raw, dict, path)
            interviews.append(
                Interview(
                    get(raw, "id", path, str),
                    get(raw, "candidate", path, str),
                    get(raw, "defi", path, str),
                    get(raw, "length", path, int, None),
                )
            )
        unavailabilities = parse_unavailabilities(data)
        locks = []
        for i, raw in enumerate(get_list(data, "locks", "instance")):
            path = f"locks[{i}]"
            expect(raw, dict, path)
            locks.append(
                SlotLock(
                    get(raw, "interview", path, str),
                    get(raw, "day", path, str),
                    parse_time(get(raw, "start", path, object), f"{path}.start"),
                    get(raw, "panel", path, str),
                )
            )
        preferences = []
        for i, raw in enumerate(get_list(data, "preferences", "instance")):
            path = f"preferences[{i}]"
            expect(raw, dict, path)
            start, end = raw.get("start"), raw.get("end")
            preferences.append(
                Preference(
                    get(raw, "candidate", path, str),
                    get(raw, "day", path, str, None),
                    parse_time(start, f"{path}.start") if start is not None else None,
                    parse_time(end, f"{path}.end") if end is not None else None,
                    get(raw, "weight", path, int, 1),
                )
            )
        return cls(
            days=days,
            panels=tuple(panels),
            defis=tuple(defis),
            interviews=tuple(interviews),
            slot_length=get(data, "slot_length", "instance", int, 30),
            unavailabilities=unavailabilities,
            locks=tuple(locks),
            preferences=tuple(preferences),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "slot_length": self.slot_length,
            "days": days_to_list(self.days),
            "panels": [{"id": p.id, "members": list(p.members)} for p in self.panels],
            "defis": [
                {"id": d.id, "panels": list(d.panels), "mentors": list(d.mentors)}
                for d in self.defis
            ],
            "interviews": [
                {"id": i.id, "candidate": i.candidate, "defi": i.defi}
                | ({"length": i.length} if i.length is not None else {})
                for i in self.interviews
            ],
            "unavailabilities": unavailabilities_to_list(self.unavailabilities),
            "locks": [
                {
                    "interview": lock.interview,
                    "day": lock.day,
                    "start": format_time(lock.start),
                    "panel": lock.panel,
                }
                for lock in self.locks
            ],
            "preferences": [_preference_dict(p) for p in self.preferences],
        }


def parse_days(data: Mapping[str, Any]) -> tuple[Day, ...]:
    """Parse the ``days`` list of an instance (shared with the jury instance)."""
    days = []
    for i, raw in enumerate(get_list(data, "days", "instance", required=True)):
        path = f"days[{i}]"
        expect(raw, dict, path)
        windows = tuple(
            _parse_window(w, f"{path}.windows[{j}]")
            for j, w in enumerate(get_list(raw, "windows", path, required=True))
        )
        days.append(Day(get(raw, "id", path, str), windows))
    return tuple(days)


def parse_unavailabilities(data: Mapping[str, Any]) -> tuple[Unavailability, ...]:
    """Parse the optional ``unavailabilities`` list of an instance."""
    unavailabilities = []
    for i, raw in enumerate(get_list(data, "unavailabilities", "instance")):
        path = f"unavailabilities[{i}]"
        expect(raw, dict, path)
        unavailabilities.append(
            Unavailability(
                get(raw, "person", path, str),
                get(raw, "day", path, str),
                parse_time(raw.get("start", 0), f"{path}.start"),
                parse_time(raw.get("end", 24 * 60), f"{path}.end"),
            )
        )
    return tuple(unavailabilities)


def days_to_list(days: tuple[Day, ...]) -> list[dict[str, Any]]:
    """JSON form of days."""
    return [{"id": d.id, "windows": [w.to_list() for w in d.windows]} for d in days]


def unavailabilities_to_list(unavailabilities: tuple[Unavailability, ...]) -> list[dict[str, Any]]:
    """JSON form of unavailabilities."""
    return [
        {"person": u.person, "day": u.day, "start": format_time(u.start), "end": format_time(u.end)}
        for u in unavailabilities
    ]


def _preference_dict(preference: Preference) -> dict[str, Any]:
    out: dict[str, Any] = {"candidate": preference.candidate, "weight": preference.weight}
    if preference.day is not None:
        out["day"] = preference.day
    if preference.start is not None:
        out["start"] = format_time(preference.start)
    if preference.end is not None:
        out["end"] = format_time(preference.end)
    return out


def _parse_window(value: Any, path: str) -> TimeWindow:
    if isinstance(value, Mapping):
        start, end = get(value, "start", path, object), get(value, "end", path, object)
    elif isinstance(value, list) and len(value) == 2:
        start, end = value
    else:
        raise InstanceError([f'{path}: expected ["HH:MM", "HH:MM"] or {{"start", "end"}}'])
    return TimeWindow(parse_time(start, f"{path}.start"), parse_time(end, f"{path}.end"))


def _strings(raw: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
    values = get_list(raw, key, path)
    for j, value in enumerate(values):
        expect(value, str, f"{path}.{key}[{j}]")
    return tuple(values)


def validate_scheduling_instance(instance: SchedulingInstance) -> list[str]:
    """Every inconsistency of the instance: unknown ids, duplicates, empty or bad windows."""
    problems: list[str] = []
    if instance.slot_length <= 0:
        problems.append(f"slot_length must be positive, got {instance.slot_length}")
    for label, ids in (
        ("day", [d.id for d in instance.days]),
        ("panel", [p.id for p in instance.panels]),
        ("défi", [d.id for d in instance.defis]),
        ("interview", [i.id for i in instance.interviews]),
    ):
        for value, count in Counter(ids).items():
            if count > 1:
                problems.append(f"{label} {value!r} is defined {count} times")
    for day in instance.days:
        previous_end = -1
        for window in day.windows:
            if window.start >= window.end:
                problems.append(
                    f"day {day.id!r}: window {format_time(window.start)}-"
                    f"{format_time(window.end)} is empty"
                )
            if window.start < previous_end:
                problems.append(f"day {day.id!r}: windows overlap or are not in time order")
            previous_end = window.end
    days = {d.id for d in instance.days}
    panels = {p.id for p in instance.panels}
    defis = {d.id for d in instance.defis}
    interviews = {i.id for i in instance.interviews}
    for defi in instance.defis:
        for panel in defi.panels:
            if panel not in panels:
                problems.append(f"défi {defi.id!r}: unknown panel {panel!r}")
    for interview in instance.interviews:
        if interview.defi not in defis:
            problems.append(f"interview {interview.id!r}: unknown défi {interview.defi!r}")
        if interview.length is not None and interview.length <= 0:
            problems.append(f"interview {interview.id!r}: length must be positive")
    for u in instance.unavailabilities:
        if u.day not in days:
            problems.append(f"unavailability of {u.person!r}: unknown day {u.day!r}")
        if u.start >= u.end:
            problems.append(f"unavailability of {u.person!r} on {u.day!r}: empty interval")
    for lock in instance.locks:
        if lock.interview not in interviews:
            problems.append(f"lock: unknown interview {lock.interview!r}")
        if lock.day not in days:
            problems.append(f"lock of {lock.interview!r}: unknown day {lock.day!r}")
        if lock.panel not in panels:
            problems.append(f"lock of {lock.interview!r}: unknown panel {lock.panel!r}")
    for interview, count in Counter(lock.interview for lock in instance.locks).items():
        if count > 1:
            problems.append(f"interview {interview!r} is locked {count} times")
    candidates = {i.candidate for i in instance.interviews}
    for pref in instance.preferences:
        if pref.candidate not in candidates:
            problems.append(f"preference: {pref.candidate!r} has no interview")
        if pref.day is not None and pref.day not in days:
            problems.append(f"preference of {pref.candidate!r}: unknown day {pref.day!r}")
        if pref.weight < 0:
            problems.append(f"preference of {pref.candidate!r}: weight must be >= 0")
    return problems
