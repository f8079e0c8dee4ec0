"""Matching: every output satisfies every constraint on random small instances."""

import itertools
import warnings

from hypothesis import given, settings
from hypothesis import strategies as st

from cohorte.selection.core.generate import generate_matching_instance
from cohorte.selection.core.matching import solve_matching
from cohorte.selection.core.matching_checks import blocking_pairs, check_matching
from cohorte.selection.core.matching_instance import (
    MatchingInstance,
    effective_jury_ranks,
    preference_list,
)
from cohorte.selection.core.matching_solution import GIVEN_TO_LOWER_RANKED, SEAT_LEFT_FREE

FAST = settings(max_examples=60, deadline=None)
SOLVER = settings(max_examples=30, deadline=None)


@st.composite
def instances(draw, *, ties=None, extras=True, max_candidates=25):
    """Small random instances from the seeded generator, with locks, offers and forbidden pairs."""
    return generate_matching_instance(
        draw(st.integers(1, max_candidates)),
        draw(st.integers(1, 6)),
        draw(st.integers(1, 12)),
        n_choices=draw(st.integers(1, 4)),
        ties=draw(st.booleans()) if ties is None else ties,
        jury_coverage=draw(st.floats(0.4, 1.0)),
        offer_rate=draw(st.sampled_from([0.0, 0.3])) if extras else 0.0,
        n_locks=draw(st.integers(0, 3)) if extras else 0,
        n_forbidden=draw(st.integers(0, 3)) if extras else 0,
        seed=draw(st.integers(0, 10**6)),
    )


@FAST
@given(instances(ties=False))
def test_stable_mode_without_ties_is_valid_and_stable(instance):
    solution = solve_matching(instance)
    assert solution.status == "optimal"
    assert check_matching(instance, solution.assignment) == []
    assert solution.blocking_pairs == ()
    assert blocking_pairs(instance, solution.assignment) == []
    for explanation in solution.explanations.values():
        assert all(
            r.code not in (SEAT_LEFT_FREE, GIVEN_TO_LOWER_RANKED) for r in explanation.reasons
        )


@FAST
@given(instances(ties=False, extras=False))
def test_deferred_acceptance_equals_the_matching_package(instance):
    from matching.games import HospitalResident

    jury = {p.key: p.jury for p in instance.positions}
    residents = {c.id: [str(k) for k in c.choices if c.id in jury[k]] for c in instance.candidates}
    residents = {cid: prefs for cid, prefs in residents.items() if prefs}
    hospitals, capacities = {}, {}
    for position in instance.positions:
        name = str(position.key)
        ranked = [c for c in position.jury if name in residents.get(c, ())]
        if ranked:
            hospitals[name] = sorted(ranked, key=position.jury.__getitem__)
            capacities[name] = position.capacity
    residents = {cid: [h for h in prefs if h in hospitals] for cid, prefs in residents.items()}
    residents = {cid: prefs for cid, prefs in residents.items() if prefs}
    expected = {}
    if residents:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
            for hospital, matched in game.solve(optimal="resident").items():
                expected.update({r.name: hospital.name for r in matched})
    ours = {cid: str(key) for cid, key in solve_matching(instance).assignment.items()}
    assert ours == expected


@SOLVER
@given(instances(ties=True))
def test_ties_give_a_maximum_weakly_stable_matching(instance):
    broken = solve_matching(instance, ties="break")
    best = solve_matching(instance, num_workers=1, time_limit=5)
    for solution in (broken, best):
        assert check_matching(instance, solution.assignment) == []
        assert blocking_pairs(instance, solution.assignment) == []
    assert best.size >= broken.size
    if best.status == "optimal" and len(instance.candidates) <= 6:
        assert best.size == brute_force_max_weakly_stable(instance)


@SOLVER
@given(instances(), st.booleans())
def test_optimal_mode_is_valid(instance, stable):
    solution = solve_matching(instance, mode="optimal", stable=stable, num_workers=1, time_limit=5)
    assert check_matching(instance, solution.assignment) == []
    if stable:
        assert solution.blocking_pairs == ()
    # Seats filled come first: never fewer than the stable matching.
    assert solution.size >= solve_matching(instance, ties="break").size


@SOLVER
@given(instances(ties=True, extras=False, max_candidates=6))
def test_max_weakly_stable_size_matches_brute_force(instance):
    solution = solve_matching(instance, num_workers=1, time_limit=5)
    assert solution.status == "optimal"
    assert solution.size == brute_force_max_weakly_stable(instance)


def brute_force_max_weakly_stable(instance: MatchingInstance) -> int:
    """Largest weakly stable matching by enumeration (tiny instances only)."""
    jury = effective_jury_ranks(instance)
    forbidden = {(f.candidate, f.position) for f in instance.forbidden}
    locks = {lock.candidate: lock.position for lock in instance.locks}
    capacity = {p.key: p.capacity for p in instance.positions}
    options = []
    for candidate in instance.candidates:
        if candidate.id in locks:
            options.append([locks[candidate.id]])
            continue
        acceptable = [
            e.position
            for e in preference_list(candidate)
            if candidate.id in jury[e.position] and (candidate.id, e.position) not in forbidden
        ]
        options.append([None, *acceptable])
    best = 0
    for combo in itertools.product(*options):
        used: dict = {}
        for key in combo:
            if key is not None:
                used[key] = used.get(key, 0) + 1
        if any(used[k] > capacity[k] for k in used):
            continue
        assignment = {c.id: k for c, k in zip(instance.candidates, combo, strict=True) if k}
        if not blocking_pairs(instance, assignment):
            best = max(best, len(assignment))
    return best
