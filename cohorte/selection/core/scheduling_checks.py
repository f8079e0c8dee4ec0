"""Independent checker of a timetable, in real minutes (it does not use the slot grid).

``check_timetable`` reports every violated hard constraint: each interview placed exactly
once on a known day and panel allowed for its défi, with its length, inside one time
window (never across a break); no panel, candidate, juror or mentor in two places at
once; nobody scheduled during their unavailability; locks honoured.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from cohorte.selection.core.jsonio import Violation, format_time
from cohorte.selection.core.scheduling_instance import SchedulingInstance
from cohorte.selection.core.scheduling_solution import ScheduledInterview


def check_timetable(
    instance: SchedulingInstance, timetable: Iterable[ScheduledInterview]
) -> list[Violation]:
    """Every hard-constraint violation of ``timetable`` (empty list when it is valid)."""
    violations: list[Violation] = []
    days = {d.id: d for d in instance.days}
    panels = {p.id: p for p in instance.panels}
    defis = {d.id: d for d in instance.defis}
    interviews = {i.id: i for i in instance.interviews}
    placed_by_id: dict[str, list[ScheduledInterview]] = defaultdict(list)
    busy: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
    for placed in timetable:
        placed_by_id[placed.interview].append(placed)
        where = f"{placed.interview} on {placed.day} {_span(placed.start, placed.end)}"
        interview = interviews.get(placed.interview)
        if interview is None:
            violations.append(Violation("unknown_interview", f"{where}: unknown interview"))
            continue
        defi = defis.get(interview.defi)
        day = days.get(placed.day)
        panel = panels.get(placed.panel)
        if day is None:
            violations.append(Violation("unknown_day", f"{where}: unknown day", (placed.day,)))
        if panel is None:
            violations.append(
                Violation(
                    "unknown_panel", f"{where}: unknown panel {placed.panel}", (placed.panel,)
                )
            )
        elif defi is not None and placed.panel not in defi.panels:
            violations.append(
                Violation(
                    "panel_not_allowed",
                    f"{where}: panel {placed.panel} may not interview for défi {defi.id}",
                    (placed.interview, placed.panel),
                )
            )
        if placed.end - placed.start != instance.length_of(interview):
            violations.append(
                Violation(
                    "wrong_length",
                    f"{where}: lasts {placed.end - placed.start} min instead of "
                    f"{instance.length_of(interview)}",
                    (placed.interview,),
                )
            )
        if day is not None and not any(
            w.start <= placed.start and placed.end <= w.end for w in day.windows
        ):
            violations.append(
                Violation(
                    "outside_windows",
                    f"{where}: not inside one time window of the day (break or off hours)",
                    (placed.interview,),
                )
            )
        people = {interview.candidate, *(defi.mentors if defi else ())}
        if panel is not None:
            people.update(panel.members)
        busy["panel:" + placed.panel].append(
            (placed.day, placed.start, placed.end, placed.interview)
        )
        for person in people:
            busy[person].append((placed.day, placed.start, placed.end, placed.interview))
    for interview_id in interviews:
        count = len(placed_by_id.get(interview_id, ()))
        if count != 1:
            violations.append(
                Violation(
                    "not_scheduled" if count == 0 else "scheduled_twice",
                    f"interview {interview_id} is placed {count} times",
                    (interview_id,),
                )
            )
    violations.extend(_overlaps(busy))
    violations.extend(_unavailability_violations(instance, busy))
    for lock in instance.locks:
        placed = placed_by_id.get(lock.interview, [])
        if not any(
            p.day == lock.day and p.start == lock.start and p.panel == lock.panel for p in placed
        ):
            violations.append(
                Violation(
                    "lock_not_honoured",
                    f"interview {lock.interview} is locked to {lock.day} "
                    f"{format_time(lock.start)} with {lock.panel}",
                    (lock.interview,),
                )
            )
    return violations


def _span(start: int, end: int) -> str:
    return f"{format_time(start)}-{format_time(end)}"


def _overlaps(busy: dict[str, list[tuple[str, int, int, str]]]) -> list[Violation]:
    violations = []
    for who, intervals in busy.items():
        intervals.sort()
        label = f"panel {who[6:]}" if who.startswith("panel:") else who
        # Compare each interval with the one reaching furthest so far on the same day, so
        # that an overlap hidden behind a short interval is still found.
        reach: tuple[str, int, int, str] | None = None
        for current in intervals:
            day, start, end, interview = current
            if reach is not None and reach[0] == day and start < reach[2]:
                violations.append(
                    Violation(
                        "double_booked",
                        f"{label} is in {reach[3]} ({_span(reach[1], reach[2])}) and "
                        f"{interview} ({_span(start, end)}) at once on {day}",
                        (label, reach[3], interview),
                    )
                )
            if reach is None or reach[0] != day or end > reach[2]:
                reach = current
    return violations


def _unavailability_violations(
    instance: SchedulingInstance, busy: dict[str, list[tuple[str, int, int, str]]]
) -> list[Violation]:
    violations = []
    for u in instance.unavailabilities:
        for day, start, end, interview in busy.get(u.person, ()):
            if day == u.day and start < u.end and u.start < end:
                violations.append(
                    Violation(
                        "unavailable",
                        f"{u.person} is unavailable on {day} {_span(u.start, u.end)} "
                        f"but attends {interview} ({_span(start, end)})",
                        (u.person, interview),
                    )
                )
    return violations
