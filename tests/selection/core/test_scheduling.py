"""Interview scheduling: exact results, infeasibility reports and the independent checker."""

from dataclasses import replace

import pytest

from cohorte.selection.core.jsonio import InstanceError
from cohorte.selection.core.scheduling import solve_schedule
from cohorte.selection.core.scheduling_checks import check_timetable
from cohorte.selection.core.scheduling_instance import (
    Day,
    DefiPanels,
    Interview,
    Panel,
    Preference,
    SchedulingInstance,
    SlotLock,
    TimeWindow,
    Unavailability,
)
from cohorte.selection.core.scheduling_solution import ScheduledInterview, ScheduleSolution

NINE, HALF_PAST_NINE, TEN = 9 * 60, 9 * 60 + 30, 10 * 60


def day(name: str, *windows: tuple[str, str]) -> Day:
    def minutes(text: str) -> int:
        hours, mins = text.split(":")
        return int(hours) * 60 + int(mins)

    return Day(name, tuple(TimeWindow(minutes(a), minutes(b)) for a, b in windows))


def small_instance(**changes) -> SchedulingInstance:
    """Two panels, two days of 9:00-10:30 and 14:00-15:00, one candidate seen twice."""
    instance = SchedulingInstance(
        days=(
            day("mon", ("09:00", "10:30"), ("14:00", "15:00")),
            day("tue", ("09:00", "10:30"), ("14:00", "15:00")),
        ),
        panels=(Panel("P1", ("J1", "J2")), Panel("P2", ("J3",))),
        defis=(
            DefiPanels("D1", ("P1",), ("M1",)),
            DefiPanels("D2", ("P2",), ("M2",)),
            DefiPanels("D3", ("P1", "P2"), ("M1",)),
        ),
        interviews=(
            Interview("I1", "alice", "D1"),
            Interview("I2", "alice", "D2"),
            Interview("I3", "bob", "D1"),
            Interview("I4", "carol", "D3"),
        ),
        slot_length=30,
    )
    return replace(instance, **changes)


def test_small_instance_is_packed_in_one_day():
    instance = small_instance()
    solution = solve_schedule(instance, num_workers=1, time_limit=5)
    assert solution.status == "optimal"
    assert check_timetable(instance, solution.timetable) == []
    assert solution.metrics.days_used == ("mon",)
    assert solution.lower_bound == 1 and solution.days_gap == 0
    assert solution.metrics.panel_idle_minutes == 0
    assert solution.metrics.candidate_wait_minutes == 0
    assert solution.metrics.extra_visits == 0
    placed = {s.interview: s for s in solution.timetable}
    # Mentor M1 attends D1 and D3: their three interviews never overlap.
    m1 = sorted((placed[i].start, placed[i].end) for i in ("I1", "I3", "I4"))
    assert all(a[1] <= b[0] for a, b in zip(m1, m1[1:], strict=False))


def test_unavailability_and_locks_are_respected():
    instance = small_instance(
        unavailabilities=(
            Unavailability("alice", "mon"),
            Unavailability("M1", "tue", NINE, TEN),
        ),
        locks=(SlotLock("I4", "mon", NINE, "P2"),),
        preferences=(Preference("bob", day="tue", start=14 * 60),),
    )
    solution = solve_schedule(instance, num_workers=1, time_limit=5)
    assert solution.status == "optimal"
    assert check_timetable(instance, solution.timetable) == []
    placed = {s.interview: s for s in solution.timetable}
    assert (placed["I4"].day, placed["I4"].start, placed["I4"].panel) == ("mon", NINE, "P2")
    assert placed["I1"].day == placed["I2"].day == "tue"
    assert solution.days_used == 2 and solution.lower_bound <= 2
    # Bob comes on Tuesday afternoon as he wished: it costs no extra day.
    assert placed["I3"].day == "tue" and placed["I3"].start >= 14 * 60
    assert solution.metrics.preferences_met == 1
    assert solution.metrics.candidate_wait_minutes == 0


def test_lower_bound_counts_days_needed_by_one_panel():
    instance = SchedulingInstance(
        days=(day("d1", ("09:00", "10:00")), day("d2", ("09:00", "10:00"))),
        panels=(Panel("P", ("J",)),),
        defis=(DefiPanels("D", ("P",)),),
        interviews=tuple(Interview(f"I{k}", f"c{k}", "D") for k in range(3)),
    )
    solution = solve_schedule(instance, num_workers=1, time_limit=5)
    assert solution.lower_bound == 2
    assert solution.days_used == 2
    assert check_timetable(instance, solution.timetable) == []


def cyclic_instance(**changes) -> SchedulingInstance:
    """Three interviews pairwise in conflict (candidate, mentor, panel) for two slots."""
    instance = SchedulingInstance(
        days=(day("mon", ("09:00", "10:00")),),
        panels=(Panel("P1", ("J1",)), Panel("P2", ("J2",))),
        defis=(
            DefiPanels("D1", ("P1",), ("M1",)),
            DefiPanels("D2", ("P2",), ("M2",)),
            DefiPanels("D3", ("P1",), ("M2",)),
        ),
        interviews=(
            Interview("I1", "alice", "D1"),
            Interview("I2", "alice", "D2"),
            Interview("I3", "bob", "D3"),
        ),
    )
    return replace(instance, **changes)


def test_infeasible_instance_names_the_conflicting_constraint_groups():
    solution = solve_schedule(cyclic_instance(), num_workers=1, time_limit=5)
    assert solution.status == "infeasible"
    assert solution.timetable == ()
    found = {(c.code, c.subjects) for c in solution.conflicts}
    assert found == {
        ("person_overlap", ("alice",)),
        ("person_overlap", ("M2",)),
        ("panel_capacity", ("P1",)),
        ("time_windows", ("mon",)),
    }
    messages = " | ".join(c.message for c in solution.conflicts)
    assert "M2 (mentor of D2, mentor of D3) cannot attend two interviews at once" in messages


def test_infeasibility_involving_an_unavailability():
    instance = cyclic_instance(
        days=(day("mon", ("09:00", "10:30")),),
        unavailabilities=(
            Unavailability("M2", "mon", TEN, TEN + 30),
            Unavailability("alice", "mon", TEN, TEN + 30),
        ),
    )
    assert solve_schedule(replace(instance, unavailabilities=()), num_workers=1).status == "optimal"
    solution = solve_schedule(instance, num_workers=1, time_limit=5)
    assert solution.status == "infeasible"
    codes = {(c.code, c.subjects) for c in solution.conflicts}
    assert {("unavailability", ("M2",)), ("unavailability", ("alice",))} <= codes


@pytest.mark.parametrize(
    ("changes", "code", "subjects"),
    [
        (
            {
                "locks": (
                    SlotLock("I1", "mon", NINE, "P1"),
                    SlotLock("I3", "mon", NINE, "P1"),
                )
            },
            "locks_clash",
            ("I1", "I3"),
        ),
        ({"locks": (SlotLock("I1", "mon", 12 * 60, "P1"),)}, "lock_outside_windows", ("I1",)),
        ({"locks": (SlotLock("I1", "mon", NINE, "P2"),)}, "lock_panel_not_allowed", ("I1", "P2")),
        (
            {
                "locks": (SlotLock("I1", "mon", NINE, "P1"),),
                "unavailabilities": (Unavailability("J2", "mon", NINE, TEN),),
            },
            "lock_in_unavailability",
            ("I1", "J2"),
        ),
        (
            {"defis": (DefiPanels("D1", ()), DefiPanels("D2", ("P2",)), DefiPanels("D3", ("P1",)))},
            "defi_without_panel",
            ("D1",),
        ),
        (
            {"unavailabilities": (Unavailability("alice", "mon"), Unavailability("alice", "tue"))},
            "no_available_slot",
            ("I1", "alice"),
        ),
        (
            {
                "interviews": tuple(Interview(f"I{k}", "alice", "D3") for k in range(11)),
                "defis": (DefiPanels("D3", ("P1", "P2")),),
            },
            "person_overloaded",
            ("alice",),
        ),
    ],
)
def test_prechecks_prove_obvious_impossibilities(changes, code, subjects):
    solution = solve_schedule(small_instance(**changes), num_workers=1, time_limit=5)
    assert solution.status == "infeasible"
    assert solution.details["found_by"] == "precheck"
    assert (code, subjects) in {(c.code, c.subjects) for c in solution.conflicts}


def test_check_timetable_reports_every_violation():
    instance = small_instance(
        locks=(SlotLock("I4", "mon", TEN, "P2"),),
        unavailabilities=(Unavailability("bob", "mon", NINE, TEN),),
    )
    timetable = (
        ScheduledInterview("I1", "mon", NINE, HALF_PAST_NINE, "P1"),
        ScheduledInterview("I2", "mon", NINE, HALF_PAST_NINE, "P2"),  # alice twice at 9:00
        ScheduledInterview("I3", "mon", NINE, HALF_PAST_NINE, "P2"),  # wrong panel, P2 busy
        ScheduledInterview("I4", "mon", 10 * 60 + 15, 10 * 60 + 45, "P1"),  # across the break
        ScheduledInterview("I9", "mon", NINE, HALF_PAST_NINE, "P1"),
    )
    codes = sorted(v.code for v in check_timetable(instance, timetable))
    assert codes == [
        "double_booked",  # alice in I1 and I2
        "double_booked",  # mentor M1 in I1 and I3
        "double_booked",  # panel P2 holds I2 and I3
        "double_booked",  # juror J3 (panel P2)
        "lock_not_honoured",
        "outside_windows",
        "panel_not_allowed",
        "unavailable",
        "unknown_interview",
    ]


def test_json_round_trip_and_malformed_input():
    instance = small_instance(
        locks=(SlotLock("I4", "mon", NINE, "P2"),),
        unavailabilities=(Unavailability("M1", "tue", NINE, TEN),),
        preferences=(Preference("bob", day="tue"),),
    )
    assert SchedulingInstance.from_dict(instance.to_dict()) == instance
    solution = solve_schedule(instance, num_workers=1, time_limit=5)
    again = ScheduleSolution.from_dict(solution.to_dict())
    assert again.timetable == solution.timetable
    assert again.metrics == solution.metrics
    data = instance.to_dict()
    data["days"][0]["windows"][0] = ["9h", "10:30"]
    with pytest.raises(InstanceError, match=r"days\[0\]\.windows\[0\]\.start"):
        SchedulingInstance.from_dict(data)
    with pytest.raises(InstanceError, match="unknown défi 'D9'"):
        solve_schedule(replace(instance, interviews=(Interview("I1", "a", "D9"),)))
