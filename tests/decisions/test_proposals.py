"""Proposed outcomes from the jury lists (pure code, no database)."""

from cohorte.selection.proposals import CandidateChoices, Proposal, RankedEntry, propose


def test_top_of_each_list_within_the_seats_then_the_waiting_list():
    candidates = [CandidateChoices(n, (10,)) for n in (1, 2, 3, 4)]
    entries = [
        RankedEntry(1, 10, 2),
        RankedEntry(2, 10, 1),
        RankedEntry(3, 10, 3),
    ]
    assert propose(candidates, entries, {10: 2}) == {
        1: Proposal("selected", 10),
        2: Proposal("selected", 10),
        3: Proposal("waiting_list", 10),
        4: Proposal("not_selected"),
    }


def test_a_candidate_first_on_two_lists_takes_the_one_they_preferred():
    candidates = [
        CandidateChoices(1, (20, 10)),  # prefers défi 20
        CandidateChoices(2, (10,)),
        CandidateChoices(3, (20,)),
    ]
    entries = [
        RankedEntry(1, 10, 1),
        RankedEntry(2, 10, 2),
        RankedEntry(1, 20, 1),
        RankedEntry(3, 20, 2),
    ]
    result = propose(candidates, entries, {10: 1, 20: 1})
    assert result[1] == Proposal("selected", 20)
    assert result[2] == Proposal("selected", 10)  # the seat 1 left on défi 10
    assert result[3] == Proposal("waiting_list", 20)


def test_the_jury_waiting_list_is_never_proposed_a_seat():
    candidates = [CandidateChoices(1, (10,)), CandidateChoices(2, (10,))]
    entries = [RankedEntry(1, 10, 1), RankedEntry(2, 10, 1, waiting_list=True)]
    assert propose(candidates, entries, {10: 5}) == {
        1: Proposal("selected", 10),
        2: Proposal("waiting_list", 10),
    }


def test_an_offer_counts_only_once_accepted():
    candidates = [CandidateChoices(1, (10,)), CandidateChoices(2, (10,))]
    entries = [
        RankedEntry(1, 20, 1, offered=True, accepted=True),
        RankedEntry(2, 20, 1, offered=True, accepted=None),
    ]
    result = propose(candidates, entries, {10: 1, 20: 1})
    assert result[1] == Proposal("selected", 20)
    assert result[2] == Proposal("not_selected")


def test_the_profile_comes_from_the_ranking_then_from_the_choice():
    candidates = [
        CandidateChoices(1, (10,), {10: 7}),
        CandidateChoices(2, (10,), {10: 8}),
    ]
    entries = [RankedEntry(1, 10, 1, profile=5), RankedEntry(2, 10, 2)]
    result = propose(candidates, entries, {10: 2})
    assert result[1] == Proposal("selected", 10, 5)
    assert result[2] == Proposal("selected", 10, 8)


def test_without_rankings_nothing_is_proposed():
    assert propose([CandidateChoices(1, (10,))], [], {10: 1}) == {}


def test_a_full_defi_sends_its_list_to_the_waiting_list():
    candidates = [CandidateChoices(1, (10,))]
    assert propose(candidates, [RankedEntry(1, 10, 1)], {10: 0}) == {
        1: Proposal("waiting_list", 10)
    }
