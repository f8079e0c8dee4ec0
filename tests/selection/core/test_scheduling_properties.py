"""Scheduling and jury: every output satisfies every constraint on random small instances."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cohorte.selection.core.generate import generate_jury_instance, generate_scheduling_instance
from cohorte.selection.core.jury import check_jury, solve_jury
from cohorte.selection.core.scheduling import solve_schedule
from cohorte.selection.core.scheduling_checks import check_timetable
from cohorte.selection.core.scheduling_greedy import greedy_schedule
from cohorte.selection.core.scheduling_grid import build_grid
from cohorte.selection.core.scheduling_solution import ScheduledInterview

SOLVER = settings(max_examples=30, deadline=None)


@st.composite
def scheduling_instances(draw):
    """Small random instances: a few panels, days, défis, unavailabilities, locks."""
    n_panels = draw(st.integers(1, 3))
    return generate_scheduling_instance(
        draw(st.integers(1, 14)),
        n_panels,
        draw(st.integers(1, 3)),
        n_defis=draw(st.integers(1, 5)),
        members_per_panel=draw(st.integers(1, 2)),
        shared_jurors=draw(st.integers(0, 1)),
        unavailability_rate=draw(st.sampled_from([0.0, 0.2, 0.5])),
        n_locks=draw(st.integers(0, 2)),
        n_preferences=draw(st.integers(0, 3)),
        seed=draw(st.integers(0, 10**6)),
    )


@SOLVER
@given(scheduling_instances())
def test_timetables_satisfy_every_constraint(instance):
    solution = solve_schedule(instance, num_workers=1, time_limit=3)
    assert solution.status in ("optimal", "feasible", "infeasible")
    if solution.status == "infeasible":
        assert solution.conflicts
        return
    assert check_timetable(instance, solution.timetable) == []
    assert solution.days_used >= solution.lower_bound


@SOLVER
@given(scheduling_instances())
def test_greedy_placements_never_conflict(instance):
    grid = build_grid(instance)
    placed = greedy_schedule(instance, grid)
    timetable = [
        ScheduledInterview(
            instance.interviews[i].id,
            instance.days[grid.day_of(o)].id,
            grid.start_minute(o),
            grid.end_minute(o),
            instance.panels[o.panel].id,
        )
        for i, o in placed.items()
    ]
    # Interviews the greedy could not place are the only allowed complaint.
    assert {v.code for v in check_timetable(instance, timetable)} <= {"not_scheduled"}


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10**6), st.integers(10, 20), st.integers(4, 8))
def test_jury_panels_are_valid(seed, n_jurors, n_defis):
    instance = generate_jury_instance(n_jurors, n_defis, 2, seed=seed)
    solution = solve_jury(instance, num_workers=1, time_limit=4)
    if solution.status in ("optimal", "feasible"):
        assert check_jury(instance, solution) == []
    else:
        assert solution.message
