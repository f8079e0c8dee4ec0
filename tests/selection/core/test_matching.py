"""Matching: exact results on small hand-made instances."""

from dataclasses import replace

import pytest

from cohorte.selection.core.jsonio import InstanceError
from cohorte.selection.core.matching import solve_matching
from cohorte.selection.core.matching_checks import blocking_pairs, check_matching
from cohorte.selection.core.matching_instance import (
    Candidate,
    MatchingInstance,
    Offer,
    Pair,
    Position,
    PositionKey,
    preference_list,
)
from cohorte.selection.core.matching_solution import (
    FILLED_BY_HIGHER_RANKED,
    FILLED_BY_TIED,
    FORBIDDEN_BY_TEAM,
    GIVEN_TO_LOWER_RANKED,
    LOCKED_ELSEWHERE,
    NOT_LISTED_BY_JURY,
    RESERVED_BY_LOCKS,
    MatchingSolution,
)

M, C, G = PositionKey("M", "dev"), PositionKey("C", "dev"), PositionKey("G", "dev")


def textbook(**changes) -> MatchingInstance:
    """The residents/hospitals example of the `matching` package documentation."""
    residents = {
        "A": [C],
        "S": [C, M],
        "D": [C, M, G],
        "J": [C, G, M],
        "L": [M, C, G],
    }
    hospitals = {M: ["D", "L", "S", "J"], C: ["D", "A", "S", "L", "J"], G: ["D", "J", "L"]}
    instance = MatchingInstance(
        positions=tuple(
            Position(k.defi, k.profile, 2, {cid: r for r, cid in enumerate(ranked, 1)})
            for k, ranked in hospitals.items()
        ),
        candidates=tuple(Candidate(cid, tuple(prefs)) for cid, prefs in residents.items()),
    )
    return replace(instance, **changes)


def test_textbook_resident_optimal_matching():
    solution = solve_matching(textbook())
    assert solution.status == "optimal"
    assert dict(solution.assignment) == {"A": C, "S": M, "D": C, "J": G, "L": M}
    assert solution.unfilled == {G: 1}
    assert solution.blocking_pairs == ()
    assert solution.rank_distribution == {
        "choice_1": 3,
        "choice_2": 2,
        "choice_3": 0,
        "offer": 0,
        "unmatched": 0,
    }


def test_textbook_explanations():
    explanations = solve_matching(textbook()).explanations
    s = explanations["S"]
    assert (s.status, s.position, s.choice_rank) == ("matched", M, 2)
    (reason,) = s.reasons
    assert reason.code == FILLED_BY_HIGHER_RANKED
    assert reason.others == (("D", 1), ("A", 2))
    assert reason.jury_rank == 3
    assert s.text == (
        "Matched to M/dev, your 2nd choice. Your 1st choice C/dev: filled by candidates ranked "
        "higher by its jury: D (rank 1), A (rank 2) (your rank: 3)."
    )
    assert explanations["D"].reasons == ()
    assert explanations["D"].text == "Matched to C/dev, your 1st choice."


def test_not_listed_and_forbidden_reasons():
    base = textbook()
    positions = list(base.positions)
    positions[1] = Position("C", "dev", 2, {"D": 1, "S": 3, "L": 4, "J": 5})  # A unlisted
    instance = replace(base, positions=tuple(positions), forbidden=(Pair("D", C),))
    solution = solve_matching(instance)
    a = solution.explanations["A"]
    assert a.status == "unmatched"
    assert [r.code for r in a.reasons] == [NOT_LISTED_BY_JURY]
    assert a.text == "Not matched. Your 1st choice C/dev: its jury did not list you."
    d = solution.explanations["D"]
    assert d.position == M
    assert [r.code for r in d.reasons] == [FORBIDDEN_BY_TEAM]
    assert check_matching(instance, solution.assignment) == []
    assert blocking_pairs(instance, solution.assignment) == []


def test_locks_are_honoured_and_take_seats():
    instance = textbook(locks=(Pair("J", C), Pair("L", C)))
    solution = solve_matching(instance)
    assert solution.assignment["J"] == C and solution.assignment["L"] == C
    assert check_matching(instance, solution.assignment) == []
    assert solution.blocking_pairs == ()
    assert solution.explanations["J"].status == "locked"
    assert solution.explanations["L"].reasons[0].code == LOCKED_ELSEWHERE
    d = solution.explanations["D"]
    assert d.position == M
    assert d.reasons[0].code == RESERVED_BY_LOCKS
    assert {cid for cid, _ in d.reasons[0].others} == {"J", "L"}


@pytest.mark.parametrize(
    ("locks", "forbidden", "expected"),
    [
        ((Pair("A", C), Pair("S", C), Pair("D", C)), (), "locks exceed the capacity of C/dev"),
        ((Pair("A", M),), (), "is impossible"),
        ((Pair("A", C),), (Pair("A", C),), "also a forbidden pair"),
        ((Pair("A", C), Pair("A", M)), (), "locked to 2 positions"),
        ((Pair("Z", C),), (), "unknown candidate"),
    ],
)
def test_impossible_locks_are_reported(locks, forbidden, expected):
    with pytest.raises(InstanceError) as error:
        solve_matching(textbook(locks=locks, forbidden=forbidden))
    assert any(expected in problem for problem in error.value.problems)


def test_check_matching_reports_every_violation():
    instance = textbook(locks=(Pair("L", M),), forbidden=(Pair("J", G),))
    assignment = {"A": G, "S": C, "D": C, "J": G, "L": C, "X": M}
    codes = sorted(v.code for v in check_matching(instance, assignment))
    assert codes == [
        "forbidden_pair",
        "lock_not_honoured",
        "not_in_candidate_list",
        "not_in_jury_list",
        "over_capacity",
        "unknown_candidate",
    ]


def test_blocking_pairs_of_an_unstable_assignment():
    instance = textbook()
    # S holds C instead of D, whom C ranks first and who prefers C to G.
    assignment = {"A": C, "S": C, "D": G, "J": M, "L": M}
    assert set(blocking_pairs(instance, assignment)) >= {("D", C), ("D", M)}


def tie_instance() -> MatchingInstance:
    """Tie-broken deferred acceptance matches 1, the maximum weakly stable matching 2."""
    p, q = PositionKey("P", "dev"), PositionKey("Q", "dev")
    return MatchingInstance(
        positions=(Position("P", "dev", 1, {"a": 1, "b": 1}), Position("Q", "dev", 1, {"b": 1})),
        candidates=(Candidate("b", (p, q)), Candidate("a", (p,))),
    )


def test_ties_max_weakly_stable_beats_tie_broken_deferred_acceptance():
    instance = tie_instance()
    broken = solve_matching(instance, ties="break")
    assert broken.size == 1 and broken.status == "feasible"
    best = solve_matching(instance, num_workers=1, time_limit=5)
    assert best.status == "optimal"
    assert best.size == 2
    assert dict(best.assignment) == {"a": PositionKey("P", "dev"), "b": PositionKey("Q", "dev")}
    assert best.blocking_pairs == ()
    assert best.details["deferred_acceptance_size"] == 1
    reason = best.explanations["b"].reasons[0]
    assert reason.code == FILLED_BY_TIED and reason.others == (("a", 1),)


def test_optimal_mode_without_stability_fills_more_seats():
    p, q = PositionKey("P", "dev"), PositionKey("Q", "dev")
    instance = MatchingInstance(
        positions=(Position("P", "dev", 1, {"a": 1, "b": 2}), Position("Q", "dev", 1, {"a": 1})),
        candidates=(Candidate("a", (p, q)), Candidate("b", (p,))),
    )
    assert solve_matching(instance).size == 1
    assert solve_matching(instance, mode="optimal", num_workers=1).size == 1
    free = solve_matching(instance, mode="optimal", stable=False, num_workers=1)
    assert free.status == "optimal"
    assert dict(free.assignment) == {"a": q, "b": p}
    assert free.blocking_pairs == (("a", p),)
    assert free.explanations["a"].reasons[0].code == GIVEN_TO_LOWER_RANKED


def test_offers_are_ranked_after_choices_unless_ranked():
    p, q, r = PositionKey("P", "dev"), PositionKey("Q", "dev"), PositionKey("R", "dev")
    candidate = Candidate("a", (p, q), (Offer(r), Offer(PositionKey("S", "dev"), rank=1)))
    assert [e.position for e in preference_list(candidate)] == [PositionKey("S", "dev"), p, q, r]
    instance = MatchingInstance(
        positions=(
            Position("P", "dev", 1, {"b": 1}),
            Position("Q", "dev", 1, {"a": 1}),
            Position("R", "dev", 1, {"c": 1}),
        ),
        candidates=(
            Candidate("a", (p,), (Offer(r),)),
            Candidate("b", (p,)),
            Candidate("c", (q,)),
        ),
    )
    solution = solve_matching(instance)
    # a is not ranked by R's jury but was offered R: acceptable, ranked after c.
    assert solution.assignment["a"] == r
    assert solution.rank_distribution["offer"] == 1
    assert solution.explanations["a"].source == "offer"
    assert "a jury offer you accepted" in solution.explanations["a"].text


def test_jury_tiers_parse_as_ties_and_json_round_trips():
    data = {
        "positions": [
            {"defi": "D1", "profile": "dev", "capacity": 1, "jury": ["x", ["y", "z"]]},
        ],
        "candidates": [
            {"id": "x", "choices": [["D1", "dev"]]},
            {"id": "y", "choices": [{"defi": "D1", "profile": "dev"}]},
            {"id": "z", "choices": [], "offers": [{"defi": "D1", "profile": "dev", "rank": 1}]},
        ],
        "locks": [],
        "forbidden": [{"candidate": "z", "defi": "D1", "profile": "dev"}],
    }
    instance = MatchingInstance.from_dict(data)
    assert instance.positions[0].jury == {"x": 1, "y": 2, "z": 2}
    assert MatchingInstance.from_dict(instance.to_dict()) == instance
    solution = solve_matching(instance)
    again = MatchingSolution.from_dict(solution.to_dict())
    assert again.assignment == solution.assignment
    assert again.rank_distribution == solution.rank_distribution
    assert {k: e.text for k, e in again.explanations.items()} == {
        k: e.text for k, e in solution.explanations.items()
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"candidates": []}, "instance.positions: missing"),
        ({"positions": [], "candidates": [{"choices": []}]}, "candidates[0].id: missing"),
        (
            {"positions": [{"defi": "D", "profile": "p", "capacity": "2"}], "candidates": []},
            'positions[0].capacity: expected an integer, got "2"',
        ),
        (
            {"positions": [], "candidates": [{"id": "a", "choices": ["D1/dev"]}]},
            "candidates[0].choices[0]: expected",
        ),
    ],
)
def test_malformed_instances_name_the_problem(data, message):
    with pytest.raises(InstanceError) as error:
        MatchingInstance.from_dict(data)
    assert message in str(error.value)
