"""The matching step's domain functions: building the instance, runs, constraints, staging."""

import pytest

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application
from cohorte.selection import decisions
from cohorte.selection import matching_runs as domain
from cohorte.selection.core.matching_checks import blocking_pairs
from cohorte.selection.core.matching_instance import (
    MatchingInstance,
    PositionKey,
    validate_matching_instance,
)
from cohorte.selection.matching_results import RunResult
from cohorte.selection.models import Decision, PairConstraint, Seat, SolverRun
from tests.factories import ApplicationCallFactory, ApplicationFactory
from tests.selection.matching_world import build_matching_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def mw(world):
    return build_matching_world(world)


def key(challenge, profile=None) -> PositionKey:
    return domain.position_key(challenge.pk, profile.pk if profile else None)


def ids(*applications) -> list[str]:
    return [str(a.pk) for a in applications]


def assignment(run) -> dict[str, PositionKey]:
    return {
        row["candidate"]: PositionKey(row["defi"], row["profile"])
        for row in run.solution["assignment"]
    }


def entries(action):
    return list(ActivityLog.objects.filter(action=action).order_by("pk"))


# Building the instance ---------------------------------------------------------------------


def test_instance_positions_candidates_lists_and_offers(mw):
    inputs = domain.matching_inputs(mw.call)
    a_design, a_dev, b = key(mw.a, mw.design), key(mw.a, mw.dev), key(mw.b)
    a1, a2, a3, a6 = ids(mw.a1, mw.a2, mw.a3, mw.a6)
    assert inputs.instance.to_dict() == {
        "positions": [  # défis by title, then profiles by name
            {"defi": b.defi, "profile": "", "capacity": 1, "jury": {a1: 2, a2: 2, a3: 1}},
            {"defi": a_design.defi, "profile": a_design.profile, "capacity": 1,
             "jury": {a1: 1, a3: 2}},
            {"defi": a_dev.defi, "profile": a_dev.profile, "capacity": 1,
             "jury": {a1: 1, a2: 1}},
        ],
        "candidates": [
            # "Défi A" alone stands for both its positions, best jury rank first (a tie
            # here: the positions' order).
            {"id": a1, "choices": [a_design.to_dict(), a_dev.to_dict(), b.to_dict()],
             "offers": []},
            {"id": a2, "choices": [a_dev.to_dict(), b.to_dict()], "offers": []},
            # B has no seats per profile: "B as Développement" is B's only position.
            {"id": a3, "choices": [b.to_dict()], "offers": [a_design.to_dict()]},
            {"id": a6, "choices": [b.to_dict()], "offers": []},
        ],
        "locks": [],
        "forbidden": [],
    }  # fmt: skip
    assert inputs.choice_ranks == {a1: [1, 1, 2], a2: [1, 2], a3: [1], a6: [1]}
    assert validate_matching_instance(inputs.instance) == []
    assert inputs.warnings == []
    by_key = {p.key: p for p in inputs.positions}
    assert (by_key[a_dev].ranked, by_key[a_dev].tied) == (2, 2)
    assert (by_key[b].ranked, by_key[b].tied) == (3, 2)
    assert domain.build_matching_instance(mw.call) == inputs.instance


def test_instance_leaves_out_ineligible_withdrawn_sent_and_unranked(mw):
    sent = ApplicationFactory(call=mw.call, status=Application.Status.NOT_SELECTED)
    Decision.objects.create(application=sent, outcome="not_selected", status="sent")
    candidates = {c.id for c in domain.build_matching_instance(mw.call).candidates}
    assert candidates == set(ids(mw.a1, mw.a2, mw.a3, mw.a6))


def test_seats_taken_outside_the_matching_are_subtracted(mw):
    # The other candidate is neither interviewed nor ranked: outside the matching.
    other = mw.world.other_application
    decisions.stage_decision(other, "selected", mw.b, mw.dev, mw.world.team)
    inputs = domain.matching_inputs(mw.call)
    b = next(p for p in inputs.positions if p.key == key(mw.b))
    assert (b.seats, b.taken, b.capacity) == (1, 1, 0)


def test_a_defi_list_without_profile_serves_every_profile(mw):
    mw.a2.ranking_entries.filter(challenge=mw.a).delete()
    mw.a1.ranking_entries.filter(challenge=mw.a).delete()
    mw.a3.ranking_entries.filter(challenge=mw.a).delete()
    from tests.selection.matching_world import rank

    rank(mw.call, mw.a2, mw.a, 3)
    rank(mw.call, mw.a1, mw.a, 3)
    instance = domain.build_matching_instance(mw.call)
    juries = {p.key: dict(p.jury) for p in instance.positions}
    assert (
        juries[key(mw.a, mw.dev)]
        == juries[key(mw.a, mw.design)]
        == {
            str(mw.a1.pk): 3,
            str(mw.a2.pk): 3,
        }
    )


def test_locks_and_forbidden_pairs(mw):
    team = mw.world.team
    domain.set_constraint(mw.call, mw.a1, mw.b, None, "lock", team)
    domain.set_constraint(mw.call, mw.a2, mw.a, None, "forbid", team)  # every profile of A
    instance = domain.build_matching_instance(mw.call)
    assert [(p.candidate, p.position) for p in instance.locks] == [(str(mw.a1.pk), key(mw.b))]
    assert sorted((p.candidate, p.position) for p in instance.forbidden) == sorted(
        [(str(mw.a2.pk), key(mw.a, mw.design)), (str(mw.a2.pk), key(mw.a, mw.dev))]
    )


def test_a_constraint_that_no_longer_fits_is_left_out_with_a_warning(mw):
    PairConstraint.objects.create(
        call=mw.call, application=mw.withdrawn, challenge=mw.b, kind="lock"
    )
    inputs = domain.matching_inputs(mw.call)
    assert inputs.instance.locks == ()
    assert len(inputs.warnings) == 1
    assert "ne fait plus partie de l'appariement" in inputs.warnings[0]


# Running ------------------------------------------------------------------------------------


def test_stable_run_is_exact_stored_and_audited(mw):
    run = domain.run_matching(mw.call, mw.world.team)
    assert assignment(run) == {
        str(mw.a1.pk): key(mw.a, mw.design),
        str(mw.a2.pk): key(mw.a, mw.dev),
        str(mw.a3.pk): key(mw.b),
    }
    assert run.solution["blocking_pairs"] == []
    instance = MatchingInstance.from_dict(run.instance)
    assert blocking_pairs(instance, assignment(run)) == []
    assert run.status == "optimal"
    stored = SolverRun.objects.get()
    assert (stored.kind, stored.created_by, stored.parameters) == (
        "matching",
        mw.world.team,
        {"mode": "stable", "ties": "max_size", "time_limit": 10.0},
    )
    assert stored.applied_at is None
    (entry,) = entries("matching.run")
    assert entry.object_id == str(mw.call.pk)
    assert entry.actor == mw.world.team
    assert entry.data == {
        "run": run.pk,
        "mode": "stable",
        "ties": "max_size",
        "time_limit": 10.0,
        "status": "optimal",
        "size": 3,
        "candidates": 4,
        "positions": 3,
        "blocking_pairs": 0,
    }


def test_result_reads_in_french_with_real_choice_ranks(mw):
    run = domain.run_matching(mw.call, mw.world.team)
    result = RunResult(run, [])
    rows = {row.name: row for row in result.rows()}
    a1 = rows[mw.a1.display_name]
    assert (a1.place, a1.obtained) == ("Défi choisi — Design", "1er choix")
    assert a1.explanation == "Place obtenue : Défi choisi — Design, son 1er choix."
    zola = rows[mw.a6.display_name]
    assert zola.obtained == "sans place"
    assert zola.explanation == (
        "Sans place. Son 1er choix (Autre défi) : le jury ne l’a pas classé·e."
    )
    assert result.distribution() == [
        ("1er choix", 3),
        ("2e choix", 0),
        ("Offre du jury", 0),
        ("Sans place", 1),
    ]
    assert result.unfilled() == []
    assert result.blocking() == []


def test_optimal_mode(mw):
    run = domain.run_matching(mw.call, mw.world.team, mode="optimal", time_limit=5)
    assert run.parameters["mode"] == "optimal"
    assert len(assignment(run)) == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mode": "magic"}, "Mode inconnu"),
        ({"ties": "coin"}, "ex aequo inconnu"),
        ({"time_limit": -1}, "entre 1 et 60 secondes"),
        ({"time_limit": 0}, "entre 1 et 60 secondes"),
        ({"time_limit": 3600}, "entre 1 et 60 secondes"),
        ({"time_limit": "soon"}, "entre 1 et 60 secondes"),
    ],
)
def test_bad_parameters_change_nothing(mw, kwargs, message):
    with pytest.raises(domain.MatchingError, match=message):
        domain.run_matching(mw.call, mw.world.team, **kwargs)
    assert not SolverRun.objects.exists()
    assert not entries("matching.run")


def test_a_call_without_candidates_is_refused(world):
    call = ApplicationCallFactory()
    call.challenges.add(world.challenge)
    with pytest.raises(domain.MatchingError, match="Aucune candidature à répartir"):
        domain.run_matching(call, world.team)
    assert not SolverRun.objects.exists()


# Constraints change the next run ------------------------------------------------------------


def test_a_lock_forces_a_seat(mw):
    domain.set_constraint(mw.call, mw.a1, mw.b, None, "lock", mw.world.team)
    run = domain.run_matching(mw.call, mw.world.team)
    assert assignment(run) == {
        str(mw.a1.pk): key(mw.b),  # 2nd choice, imposed
        str(mw.a2.pk): key(mw.a, mw.dev),
        str(mw.a3.pk): key(mw.a, mw.design),  # the jury's offer
    }
    rows = {row.name: row for row in RunResult(run, []).rows()}
    assert rows[mw.a1.display_name].explanation.startswith(
        "Place imposée par l’équipe : Autre défi, son 2e choix."
    )
    assert rows[mw.a3.display_name].explanation == (
        "Place obtenue : Défi choisi — Design, l’offre du jury qu’il ou elle a acceptée. "
        "Son 1er choix (Autre défi) : places réservées par l’équipe pour "
        f"{mw.a1.display_name} (rang 2)."
    )


def test_a_forbidden_pair_removes_a_seat(mw):
    domain.set_constraint(mw.call, mw.a2, mw.a, mw.dev, "forbid", mw.world.team)
    run = domain.run_matching(mw.call, mw.world.team)
    assert assignment(run) == {
        str(mw.a1.pk): key(mw.a, mw.design),
        str(mw.a3.pk): key(mw.b),
    }
    result = RunResult(run, [])
    assert result.unfilled() == [("Défi choisi — Développement", 1, 1)]
    rows = {row.name: row for row in result.rows()}
    assert rows[mw.a2.display_name].explanation == (
        "Sans place. Son 1er choix (Défi choisi — Développement) : écarté par l’équipe. "
        "Son 2e choix (Autre défi) : complet, pris par des candidat·es mieux classé·es : "
        f"{mw.a3.display_name} (rang 1) (son rang : 2)."
    )


def test_constraints_are_audited_and_removable(mw):
    team = mw.world.team
    constraint = domain.set_constraint(mw.call, mw.a1, mw.b, None, "lock", team)
    again = domain.set_constraint(mw.call, mw.a1, mw.b, None, "lock", team)  # second tab
    assert again.pk == constraint.pk
    (entry,) = entries("matching.constraint_set")
    assert entry.object_id == str(mw.a1.pk)
    assert entry.data == {
        "call": mw.call.pk,
        "constraint": constraint.pk,
        "kind": "lock",
        "challenge": mw.b.pk,
        "profile": None,
        "previous": None,
    }
    domain.set_constraint(mw.call, mw.a1, mw.b, None, "forbid", team)
    assert PairConstraint.objects.get().kind == "forbid"
    assert entries("matching.constraint_set")[-1].data["previous"] == "lock"
    domain.clear_constraint(mw.call, constraint.pk, team)
    assert not PairConstraint.objects.exists()
    (cleared,) = entries("matching.constraint_cleared")
    assert cleared.data == {
        "call": mw.call.pk,
        "constraint": constraint.pk,
        "kind": "forbid",
        "challenge": mw.b.pk,
        "profile": None,
    }
    with pytest.raises(domain.MatchingError, match="n'existe plus"):
        domain.clear_constraint(mw.call, constraint.pk, team)


def test_bad_constraints_change_nothing(mw, world):
    team = world.team
    other_call = ApplicationCallFactory()
    stranger = ApplicationFactory(call=other_call)
    cases = [
        ((stranger, mw.b, None, "lock"), "n'appartient pas à cet appel"),
        ((mw.a1, mw.b, None, "pin"), "imposer"),
        ((mw.withdrawn, mw.b, None, "forbid"), "ne fait pas partie de l'appariement"),
        ((mw.a1, mw.a, None, "lock"), "choisissez le profil"),
        ((mw.a2, mw.a, mw.design, "lock"), "ni un de ses choix"),
    ]
    for args, message in cases:
        with pytest.raises(domain.MatchingError, match=message):
            domain.set_constraint(mw.call, *args, team)
    domain.set_constraint(mw.call, mw.a1, mw.b, None, "lock", team)
    with pytest.raises(domain.MatchingError, match="déjà imposée"):
        domain.set_constraint(mw.call, mw.a1, mw.a, mw.dev, "lock", team)
    with pytest.raises(domain.MatchingError, match="sont déjà imposées"):
        domain.set_constraint(mw.call, mw.a2, mw.b, None, "lock", team)
    assert PairConstraint.objects.count() == 1
    assert len(entries("matching.constraint_set")) == 1


# Seats per profile --------------------------------------------------------------------------


def test_seats_per_profile(mw):
    team = mw.world.team
    with pytest.raises(domain.MatchingError, match="ne peut pas la dépasser"):
        domain.set_seats(mw.call, mw.a, {mw.dev.pk: 2, mw.design.pk: 1}, team)
    assert dict(Seat.objects.filter(challenge=mw.a).values_list("profile", "count")) == {
        mw.dev.pk: 1,
        mw.design.pk: 1,
    }
    assert domain.set_seats(mw.call, mw.a, {mw.dev.pk: 2, mw.design.pk: 0}, team)
    assert dict(Seat.objects.filter(challenge=mw.a).values_list("profile", "count")) == {
        mw.dev.pk: 2
    }
    (entry,) = entries("matching.seats_set")
    assert entry.data == {
        "call": mw.call.pk,
        "seats": {str(mw.dev.pk): 2},
        "previous": {str(mw.dev.pk): 1, str(mw.design.pk): 1},
    }
    assert not domain.set_seats(mw.call, mw.a, {mw.dev.pk: 2}, team)  # nothing new
    assert len(entries("matching.seats_set")) == 1
    positions = [p.key for p in domain.build_matching_instance(mw.call).positions]
    assert positions == [key(mw.b), key(mw.a, mw.dev)]


def test_a_defi_without_seats_per_profile_shows_no_warning_and_a_short_one_does(mw):
    Seat.objects.filter(challenge=mw.a, profile=mw.design).delete()
    assert domain.matching_inputs(mw.call).seat_warnings() == [
        "« Défi choisi » : 1 place(s) réparties par profil pour 2 place(s) au total."
    ]


# Staging decisions -------------------------------------------------------------------------


def decision_rows():
    return sorted(
        Decision.objects.values_list("application", "outcome", "challenge", "profile", "status")
    )


def test_stage_from_run_stages_the_exact_decisions(mw):
    team = mw.world.team
    run = domain.run_matching(mw.call, team)
    report = domain.stage_from_run(run, team)
    assert decision_rows() == sorted(
        [
            (mw.a1.pk, "selected", mw.a.pk, mw.design.pk, "staged"),
            (mw.a2.pk, "selected", mw.a.pk, mw.dev.pk, "staged"),
            # B has no seats per profile: the profile a3 chose with it.
            (mw.a3.pk, "selected", mw.b.pk, mw.dev.pk, "staged"),
            # Without a seat: the défi of the jury's waiting list.
            (mw.a6.pk, "waiting_list", mw.b.pk, None, "staged"),
        ]
    )
    assert (len(report.staged), report.unchanged) == (4, 0)
    assert report.counts == {"selected": 3, "waiting_list": 1, "not_selected": 0}
    staged = entries("decision.staged")
    assert len(staged) == 4
    assert {e.data["source"] for e in staged} == {"matching"}
    assert {e.data["run"] for e in staged} == {run.pk}
    (entry,) = entries("matching.staged")
    assert entry.data == {
        "run": run.pk,
        "staged": 4,
        "unchanged": 0,
        "selected": 3,
        "waiting_list": 1,
        "not_selected": 0,
    }
    run.refresh_from_db()
    assert run.applied_at is not None
    with pytest.raises(domain.MatchingError, match="déjà servi"):
        domain.stage_from_run(run, team)


def test_a_new_run_swaps_seats_and_keeps_unchanged_decisions(mw):
    team = mw.world.team
    mw.a1.choices.filter(challenge=mw.b).update(profile=mw.design)
    domain.stage_from_run(domain.run_matching(mw.call, team), team)
    decision_a2 = Decision.objects.get(application=mw.a2)
    decisions.validate_decisions([decision_a2], mw.world.director)
    domain.set_constraint(mw.call, mw.a1, mw.b, None, "lock", team)
    report = domain.stage_from_run(domain.run_matching(mw.call, team), team)
    assert (len(report.staged), report.unchanged) == (2, 2)
    assert decision_rows() == sorted(
        [
            (mw.a1.pk, "selected", mw.b.pk, mw.design.pk, "staged"),
            (mw.a2.pk, "selected", mw.a.pk, mw.dev.pk, "validated"),  # untouched
            (mw.a3.pk, "selected", mw.a.pk, mw.design.pk, "staged"),
            (mw.a6.pk, "waiting_list", mw.b.pk, None, "staged"),
        ]
    )


def test_an_unknown_profile_is_asked_for_then_staged(mw):
    mw.a3.choices.update(profile=None)
    run = domain.run_matching(mw.call, mw.world.team)
    [question] = domain.profile_questions(run)
    assert (question.application, question.challenge) == (mw.a3, mw.b)
    with pytest.raises(domain.MatchingError) as error:
        domain.stage_from_run(run, mw.world.team)
    assert str(error.value) == (
        f"Rien n'a été préparé. Profil de {mw.a3.display_name} sur « {mw.b.title} » : "
        "choisissez-le dans la liste sous « Préparer les décisions »."
    )
    assert not Decision.objects.exists()
    domain.stage_from_run(run, mw.world.team, {mw.a3.pk: mw.design.pk})
    assert Decision.objects.get(application=mw.a3).profile == mw.design


def test_a_candidate_withdrawn_since_the_run_stages_nothing(mw):
    team = mw.world.team
    run = domain.run_matching(mw.call, team)
    Application.objects.filter(pk=mw.a2.pk).update(status=Application.Status.WITHDRAWN)
    with pytest.raises(domain.MatchingError) as error:
        domain.stage_from_run(run, team)
    assert str(error.value) == (
        "Rien n'a été préparé. Relancez l'appariement : "
        f"{mw.a2.display_name} : candidature retirée depuis le calcul."
    )
    assert not Decision.objects.exists()
    assert not entries("decision.staged")
    assert not entries("matching.staged")
    run.refresh_from_db()
    assert run.applied_at is None


def test_a_refused_decision_rolls_everything_back(mw):
    team = mw.world.team
    run = domain.run_matching(mw.call, team)
    # The défi lost a seat since the run: the last selection on it is refused.
    type(mw.b).objects.filter(pk=mw.b.pk).update(seats=0)
    with pytest.raises(domain.MatchingError, match="n'a plus de place"):
        domain.stage_from_run(run, team)
    assert not Decision.objects.exists()
    assert not entries("decision.staged")
