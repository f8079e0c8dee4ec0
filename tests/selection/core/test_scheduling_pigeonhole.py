"""An input proven infeasible always gets a report, even when its core is slow to isolate."""

from cohorte.selection.core.scheduling import solve_schedule
from cohorte.selection.core.scheduling_instance import (
    Day,
    DefiPanels,
    Interview,
    Panel,
    SchedulingInstance,
    TimeWindow,
    Unavailability,
)

PAIRS = [
    ("C1", "D2"), ("C2", "D3"), ("C2", "D1"), ("C3", "D2"), ("C4", "D3"), ("C5", "D4"),
    ("C5", "D1"), ("C5", "D5"), ("C6", "D4"), ("C6", "D5"), ("C7", "D5"), ("C7", "D2"),
]  # fmt: skip


def pigeonhole() -> SchedulingInstance:
    """Found by the property test: J1 sits on both panels and is free 7 slots for 12 interviews."""
    both = ("P1", "P2")
    return SchedulingInstance(
        days=(Day("day1", (TimeWindow(540, 750), TimeWindow(840, 1080))),),
        panels=(Panel("P1", ("J1",)), Panel("P2", ("J2", "J1"))),
        defis=tuple(
            DefiPanels(f"D{k}", ("P2",) if k == 2 else both, (f"M{k}",)) for k in range(1, 6)
        ),
        interviews=tuple(
            Interview(f"I{k}", candidate, defi) for k, (candidate, defi) in enumerate(PAIRS, 1)
        ),
        slot_length=30,
        unavailabilities=tuple(
            Unavailability(person, "day1", 840, 1080) for person in ("C3", "C5", "J1", "J2")
        ),
    )


def test_an_infeasible_input_is_never_reported_without_conflicts():
    solution = solve_schedule(pigeonhole(), num_workers=1, time_limit=3)
    assert solution.status == "infeasible"
    codes = {conflict.code for conflict in solution.conflicts}
    assert codes
    assert "time_windows" in codes


def test_the_undetermined_conflict_reads_in_french():
    from cohorte.selection.scheduling_report import Labels, conflict_sentence

    instance = {"interviews": [], "panels": [], "defis": [], "days": [], "roles": {}}
    sentence = conflict_sentence(
        {"code": "undetermined", "message": "", "subjects": []}, instance, Labels(instance)
    )
    assert sentence.startswith("Aucun planning ne respecte toutes les contraintes")
