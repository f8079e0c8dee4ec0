"""The matching page's summary of the next run, counted in SQL, equals the full build."""

import pytest

from cohorte.selection import decisions
from cohorte.selection import matching_runs as domain
from cohorte.selection.matching_summary import matching_summary
from cohorte.selection.models import PairConstraint
from tests.selection.matching_world import build_matching_world, rank, shortlisted

pytestmark = pytest.mark.django_db


@pytest.fixture
def mw(world):
    return build_matching_world(world)


def figures(positions):
    return [(p.key, p.seats, p.taken, p.capacity, p.ranked, p.tied) for p in positions]


def assert_same_as_the_build(call):
    """The summary shows what the full build of the instance would."""
    inputs = domain.matching_inputs(call)
    summary = matching_summary(call)
    assert summary.candidates == len(inputs.instance.candidates)
    assert figures(summary.positions) == figures(inputs.positions)
    assert summary.seats_total == sum(p.capacity for p in inputs.positions)
    assert (summary.warnings, summary.warned) == (inputs.warnings, inputs.warned)
    return summary


def test_the_worlds_figures(mw):
    summary = assert_same_as_the_build(mw.call)
    by_key = {p.key: p for p in summary.positions}
    assert summary.candidates == 4
    assert (
        by_key[domain.position_key(mw.a.pk, mw.dev.pk)].ranked,
        by_key[domain.position_key(mw.a.pk, mw.dev.pk)].tied,
    ) == (2, 2)
    assert (
        by_key[domain.position_key(mw.b.pk, None)].ranked,
        by_key[domain.position_key(mw.b.pk, None)].tied,
    ) == (3, 2)


def test_a_defi_list_without_profile_serves_every_profile(mw):
    for application in (mw.a1, mw.a2, mw.a3):
        application.ranking_entries.filter(challenge=mw.a).delete()
    rank(mw.call, mw.a2, mw.a, 3)
    rank(mw.call, mw.a1, mw.a, 3)
    summary = assert_same_as_the_build(mw.call)
    assert [p.tied for p in summary.positions if p.challenge == mw.a] == [2, 2]


def test_lists_per_profile_are_merged_for_a_defi_without_profile(mw):
    # B's own list goes; B's lists per profile serve it, merged on each one's best rank.
    mw.a1.ranking_entries.filter(challenge=mw.b).delete()
    mw.a2.ranking_entries.filter(challenge=mw.b).delete()
    mw.a3.ranking_entries.filter(challenge=mw.b).delete()
    rank(mw.call, mw.a1, mw.b, 2, mw.dev)
    rank(mw.call, mw.a1, mw.b, 1, mw.design)
    rank(mw.call, mw.a2, mw.b, 1, mw.dev)
    rank(mw.call, mw.a3, mw.b, 3, mw.design)
    summary = assert_same_as_the_build(mw.call)
    b = next(p for p in summary.positions if p.challenge == mw.b)
    assert (b.ranked, b.tied) == (3, 2)


def test_lists_of_a_profile_without_defi(mw):
    for application in (mw.a1, mw.a2, mw.a3):
        application.ranking_entries.all().delete()
    rank(mw.call, mw.a1, None, 1, mw.dev)
    rank(mw.call, mw.a2, None, 1, mw.dev)
    rank(mw.call, mw.a3, None, 2, mw.design)
    summary = assert_same_as_the_build(mw.call)
    assert sum(p.ranked for p in summary.positions) > 0


def test_waiting_lists_and_offers_not_accepted_are_left_out(mw):
    extra = shortlisted(mw.call, "Attente", mw.b)
    rank(mw.call, extra, mw.b, 1, waiting_list=True)
    offered = shortlisted(mw.call, "Offre", mw.b)
    rank(mw.call, offered, mw.a, 1, mw.dev, offered=True, accepted=None)
    summary = assert_same_as_the_build(mw.call)
    assert summary.candidates == 6


def test_seats_taken_and_constraint_warnings(mw):
    decisions.stage_decision(mw.world.other_application, "selected", mw.b, mw.dev, mw.world.team)
    domain.set_constraint(mw.call, mw.a2, mw.a, None, "forbid", mw.world.team)
    PairConstraint.objects.create(
        call=mw.call, application=mw.withdrawn, challenge=mw.b, kind="lock"
    )
    PairConstraint.objects.create(call=mw.call, application=mw.a6, challenge=mw.a, kind="lock")
    summary = assert_same_as_the_build(mw.call)
    assert len(summary.warnings) == 2
    b = next(p for p in summary.positions if p.challenge == mw.b)
    assert (b.taken, b.capacity) == (1, 0)
