"""Proposed outcomes from the jury's rankings: who gets a seat, who waits, who is not kept.

Pure code on plain data (no Django). The jury ranks candidates per défi (and profile);
candidates ranked défis in their application. A seat of a défi goes to its ranked
candidates (main list, not waiting list) by the candidate-proposing deferred acceptance
of ``cohorte.selection.core.matching``: with one list per défi and no ties this is simply
"the top ``seats`` of each list", except that a candidate at the top of two lists takes
the one they preferred and leaves the other seat to the next in line. Ties are broken
by the order of the instance (the team settles them by hand on the staging page).

A ranked candidate without a seat is proposed for the waiting list of the défi where
the jury put them on the waiting list (or, failing that, of their preferred défi where
they were ranked); a candidate ranked nowhere is proposed as not selected.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SELECTED = "selected"
WAITING_LIST = "waiting_list"
NOT_SELECTED = "not_selected"


@dataclass(frozen=True)
class RankedEntry:
    """One line of a jury list: a candidate's rank for a défi, maybe for a profile."""

    application: int
    challenge: int
    position: int
    profile: int | None = None
    waiting_list: bool = False
    offered: bool = False  # the jury offered a défi the candidate had not chosen
    accepted: bool | None = None  # the candidate's answer to that offer


@dataclass(frozen=True)
class CandidateChoices:
    """An application and the défis it chose, best first (with the profile chosen, if any)."""

    application: int
    challenges: tuple[int, ...] = ()
    profiles: dict[int, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Proposal:
    """What the staging page suggests for one application."""

    outcome: str
    challenge: int | None = None
    profile: int | None = None


def _counts(entry: RankedEntry) -> bool:
    # An offer only counts once the candidate has accepted it.
    return not entry.offered or entry.accepted is True


def propose(
    candidates: list[CandidateChoices],
    entries: list[RankedEntry],
    free_seats: dict[int, int],
) -> dict[int, Proposal]:
    """A proposal for each candidate, from the jury lists and the seats still free per défi."""
    from cohorte.selection.core.matching import BREAK, solve_matching
    from cohorte.selection.core.matching_instance import (
        Candidate,
        MatchingInstance,
        Offer,
        Position,
        PositionKey,
    )

    usable = [e for e in entries if _counts(e)]
    known = {c.application for c in candidates}
    usable = [e for e in usable if e.application in known and e.challenge in free_seats]
    if not usable:
        return {c.application: Proposal(NOT_SELECTED) for c in candidates} if entries else {}

    def key(challenge: int) -> PositionKey:
        return PositionKey(str(challenge), "")

    jury: dict[int, dict[str, int]] = {challenge: {} for challenge in free_seats}
    best_entry: dict[tuple[int, int], RankedEntry] = {}
    # Per application, in the order above: each candidate reads only their own lines (a
    # scan of every line per candidate grew with the square of the ranked).
    best_of: dict[int, list[RankedEntry]] = {}
    usable_of: dict[int, list[RankedEntry]] = {}
    for entry in usable:
        usable_of.setdefault(entry.application, []).append(entry)
    for entry in sorted(usable, key=lambda e: (e.waiting_list, e.position)):
        pair = (entry.application, entry.challenge)
        if pair not in best_entry:
            best_entry[pair] = entry
            best_of.setdefault(entry.application, []).append(entry)
        if not entry.waiting_list:
            ranks = jury[entry.challenge]
            ranks[str(entry.application)] = min(
                ranks.get(str(entry.application), entry.position), entry.position
            )

    instance_candidates = []
    for candidate in candidates:
        chosen = tuple(dict.fromkeys(c for c in candidate.challenges if c in free_seats))
        offers = tuple(
            Offer(key(e.challenge))
            for e in usable_of.get(candidate.application, ())
            if e.offered and not e.waiting_list and e.challenge not in chosen
        )
        instance_candidates.append(
            Candidate(str(candidate.application), tuple(key(c) for c in chosen), offers)
        )
    instance = MatchingInstance(
        positions=tuple(
            Position(str(challenge), "", max(seats, 0), jury[challenge])
            for challenge, seats in free_seats.items()
        ),
        candidates=tuple(instance_candidates),
    )
    assignment = solve_matching(instance, ties=BREAK).assignment

    proposals = {}
    for candidate in candidates:
        matched = assignment.get(str(candidate.application))
        if matched is not None:
            challenge = int(matched.defi)
            proposals[candidate.application] = Proposal(
                SELECTED, challenge, _profile(candidate, best_entry, challenge)
            )
            continue
        waiting = _waiting_challenge(candidate, best_of.get(candidate.application, []))
        if waiting is None:
            proposals[candidate.application] = Proposal(NOT_SELECTED)
        else:
            proposals[candidate.application] = Proposal(
                WAITING_LIST, waiting, _profile(candidate, best_entry, waiting)
            )
    return proposals


def _profile(candidate: CandidateChoices, best_entry, challenge: int) -> int | None:
    entry = best_entry.get((candidate.application, challenge))
    if entry is not None and entry.profile is not None:
        return entry.profile
    return candidate.profiles.get(challenge)


def _waiting_challenge(candidate: CandidateChoices, mine: list[RankedEntry]) -> int | None:
    if not mine:
        return None
    preference = {c: i for i, c in enumerate(candidate.challenges)}

    def order(entry: RankedEntry):
        # The jury's own waiting list first, then the candidate's preferred défi.
        return (not entry.waiting_list, preference.get(entry.challenge, len(preference)))

    return min(mine, key=order).challenge
