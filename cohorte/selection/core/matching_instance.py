"""Matching instance: positions, candidates' preferences, jury rankings, locks, forbidden pairs.

Vocabulary and rules (shared by every solver and checker):

- A *position* is a (défi, profile) pair, e.g. ("D12", "developer"), with ``capacity`` seats.
- The *jury ranking* of a position maps candidate ids to ranks: 1 is best, equal ranks are
  ties. A candidate missing from it is unacceptable to the position, unless the jury
  *offered* the position to the candidate and they accepted: an accepted offer is
  acceptable to the jury, and an offered candidate the jury did not rank comes just after
  every ranked one (``max rank + 1``).
- A candidate's *preference list* is their ranked choices, then their accepted offers in
  the given order; an offer carrying a ``rank`` r is inserted so that it becomes the r-th
  entry. Preferences are strict. An offer already among the choices adds nothing.
- A pair (candidate, position) is *acceptable* when the position is in the candidate's
  preference list, the jury ranks the candidate (or offered), and the team did not forbid
  the pair. Only acceptable pairs may be matched, except locks.
- A *lock* forces a pair. It must be in the candidate's preference list (the jury's
  opinion is overridden). Locked candidates and the seats they take are set aside before
  solving: stability is defined on the remaining candidates and seats.

JSON form (``from_dict`` / ``to_dict``)::

    {"positions": [{"defi": "D1", "profile": "developer", "capacity": 1,
                    "jury": [["ana", "bob"], "eve"]}],      # tiers, or {"ana": 1, ...}
     "candidates": [{"id": "ana", "choices": [{"defi": "D1", "profile": "developer"}],
                     "offers": [{"defi": "D2", "profile": "designer", "rank": 2}]}],
     "locks": [{"candidate": "ana", "defi": "D1", "profile": "developer"}],
     "forbidden": [{"candidate": "bob", "defi": "D1", "profile": "developer"}]}

A position reference may also be written ``["D1", "developer"]``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cohorte.selection.core.jsonio import InstanceError, expect, get, get_list

CHOICE = "choice"
OFFER = "offer"


class PositionKey(NamedTuple):
    """Identifies a position: a défi and a profile."""

    defi: str
    profile: str

    def __str__(self) -> str:
        return f"{self.defi}/{self.profile}"

    def to_dict(self) -> dict[str, str]:
        """Return the JSON form."""
        return {"defi": self.defi, "profile": self.profile}


class Preference(NamedTuple):
    """One entry of a candidate's preference list."""

    position: PositionKey
    source: str  # CHOICE or OFFER
    choice_rank: int | None  # 1-based rank among the candidate's own choices


@dataclass(frozen=True, slots=True)
class Position:
    """A (défi, profile) seat group, its capacity and the jury ranking (1 = best, ties allowed)."""

    defi: str
    profile: str
    capacity: int
    jury: Mapping[str, int] = field(default_factory=dict)

    @property
    def key(self) -> PositionKey:
        """The position's identifier."""
        return PositionKey(self.defi, self.profile)


@dataclass(frozen=True, slots=True)
class Offer:
    """A position the jury offered and the candidate accepted, optionally at a given rank."""

    position: PositionKey
    rank: int | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate and their ranked choices (best first) and accepted offers."""

    id: str
    choices: tuple[PositionKey, ...] = ()
    offers: tuple[Offer, ...] = ()


@dataclass(frozen=True, slots=True)
class Pair:
    """A (candidate, position) pair, used for locks and forbidden pairs."""

    candidate: str
    position: PositionKey

    def to_dict(self) -> dict[str, str]:
        """Return the JSON form."""
        return {"candidate": self.candidate, **self.position.to_dict()}


def parse_position_key(value: Any, path: str) -> PositionKey:
    """Parse ``{"defi": ..., "profile": ...}`` or ``[defi, profile]``."""
    if isinstance(value, Mapping):
        return PositionKey(get(value, "defi", path, str), get(value, "profile", path, str))
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return PositionKey(value[0], value[1])
    raise InstanceError(
        [f'{path}: expected {{"defi": ..., "profile": ...}} or [defi, profile], got {value!r}']
    )


def _parse_jury(value: Any, path: str) -> dict[str, int]:
    if value is None:
        return {}
    ranks: dict[str, int] = {}
    if isinstance(value, Mapping):
        for cid, rank in value.items():
            if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1:
                raise InstanceError([f"{path}.{cid}: rank must be an integer >= 1, got {rank!r}"])
            ranks[cid] = rank
        return ranks
    expect(value, list, path)
    for tier_number, tier in enumerate(value, start=1):
        members = [tier] if isinstance(tier, str) else tier
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise InstanceError(
                [f"{path}[{tier_number - 1}]: expected a candidate id or a list of ids (a tie)"]
            )
        for member in members:
            if member in ranks:
                raise InstanceError([f"{path}: candidate {member!r} is ranked twice"])
            ranks[member] = tier_number
    return ranks


def _parse_pair(value: Any, path: str) -> Pair:
    expect(value, dict, path)
    return Pair(get(value, "candidate", path, str), parse_position_key(value, path))


@dataclass(frozen=True, slots=True)
class MatchingInstance:
    """Everything the matching needs: positions, candidates, locks and forbidden pairs."""

    positions: tuple[Position, ...]
    candidates: tuple[Candidate, ...]
    locks: tuple[Pair, ...] = ()
    forbidden: tuple[Pair, ...] = ()

    @classmethod
    def from_dict(cls, data: Any) -> MatchingInstance:
        """Build an instance from its JSON form; raise ``InstanceError`` naming what is wrong."""
        expect(data, dict, "instance")
        positions = []
        for i, raw in enumerate(get_list(data, "positions", "instance", required=True)):
            path = f"positions[{i}]"
            expect(raw, dict, path)
            positions.append(
                Position(
                    defi=get(raw, "defi", path, str),
                    profile=get(raw, "profile", path, str),
                    capacity=get(raw, "capacity", path, int),
                    jury=_parse_jury(raw.get("jury"), f"{path}.jury"),
                )
            )
        candidates = []
        for i, raw in enumerate(get_list(data, "candidates", "instance", required=True)):
            path = f"candidates[{i}]"
            expect(raw, dict, path)
            choices = tuple(
                parse_position_key(choice, f"{path}.choices[{j}]")
                for j, choice in enumerate(get_list(raw, "choices", path))
            )
            offers = []
            for j, offer in enumerate(get_list(raw, "offers", path)):
                offer_path = f"{path}.offers[{j}]"
                rank = (
                    get(offer, "rank", offer_path, int, None)
                    if isinstance(offer, Mapping)
                    else None
                )
                offers.append(Offer(parse_position_key(offer, offer_path), rank))
            candidates.append(Candidate(get(raw, "id", path, str), choices, tuple(offers)))
        locks = tuple(
            _parse_pair(raw, f"locks[{i}]")
            for i, raw in enumerate(get_list(data, "locks", "instance"))
        )
        forbidden = tuple(
            _parse_pair(raw, f"forbidden[{i}]")
            for i, raw in enumerate(get_list(data, "forbidden", "instance"))
        )
        return cls(tuple(positions), tuple(candidates), locks, forbidden)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (jury rankings as rank maps)."""

        def offer_dict(offer: Offer) -> dict[str, Any]:
            out: dict[str, Any] = offer.position.to_dict()
            if offer.rank is not None:
                out["rank"] = offer.rank
            return out

        return {
            "positions": [
                {
                    "defi": p.defi,
                    "profile": p.profile,
                    "capacity": p.capacity,
                    "jury": dict(p.jury),
                }
                for p in self.positions
            ],
            "candidates": [
                {
                    "id": c.id,
                    "choices": [k.to_dict() for k in c.choices],
                    "offers": [offer_dict(o) for o in c.offers],
                }
                for c in self.candidates
            ],
            "locks": [lock.to_dict() for lock in self.locks],
            "forbidden": [pair.to_dict() for pair in self.forbidden],
        }


def preference_list(candidate: Candidate) -> list[Preference]:
    """The candidate's merged preference list: choices, then accepted offers (see module doc)."""
    entries = [Preference(key, CHOICE, i) for i, key in enumerate(candidate.choices, start=1)]
    if not candidate.offers:
        return entries
    seen = set(candidate.choices)
    ranked: list[Offer] = []
    for offer in candidate.offers:
        if offer.position in seen:
            continue
        seen.add(offer.position)
        if offer.rank is None:
            entries.append(Preference(offer.position, OFFER, None))
        else:
            ranked.append(offer)
    # Inserting by increasing rank leaves each ranked offer exactly at its requested rank.
    for offer in sorted(ranked, key=lambda o: o.rank or 0):
        entries.insert(
            min((offer.rank or 1) - 1, len(entries)), Preference(offer.position, OFFER, None)
        )
    return entries


def effective_jury_ranks(instance: MatchingInstance) -> dict[PositionKey, dict[str, int]]:
    """Jury rank of every candidate acceptable to the jury of each position (offers included)."""
    ranks = {p.key: dict(p.jury) for p in instance.positions}
    worst = {p.key: max(p.jury.values(), default=0) for p in instance.positions}
    for candidate in instance.candidates:
        for offer in candidate.offers:
            table = ranks.get(offer.position)
            if table is not None and candidate.id not in table:
                table[candidate.id] = worst[offer.position] + 1
    return ranks


def validate_matching_instance(instance: MatchingInstance) -> list[str]:
    """Every inconsistency of the instance (unknown ids, duplicates, impossible locks)."""
    problems: list[str] = []
    positions: dict[PositionKey, Position] = {}
    for position in instance.positions:
        if position.key in positions:
            problems.append(f"position {position.key} is defined twice")
        positions[position.key] = position
        if position.capacity < 0:
            problems.append(f"position {position.key}: capacity {position.capacity} is negative")
    candidates = {}
    for candidate in instance.candidates:
        if candidate.id in candidates:
            problems.append(f"candidate {candidate.id!r} is defined twice")
        candidates[candidate.id] = candidate
        if len(set(candidate.choices)) < len(candidate.choices):
            for key, count in Counter(candidate.choices).items():
                if count > 1:
                    problems.append(f"candidate {candidate.id!r} lists {key} {count} times")
        for i, key in enumerate(candidate.choices, start=1):
            if key not in positions:
                problems.append(f"candidate {candidate.id!r}: choice {i} {key} is not a position")
        for offer in candidate.offers:
            if offer.position not in positions:
                problems.append(
                    f"candidate {candidate.id!r}: offer {offer.position} is not a position"
                )
            if offer.rank is not None and offer.rank < 1:
                problems.append(f"candidate {candidate.id!r}: offer rank {offer.rank} must be >= 1")
    for position in instance.positions:
        unknown = [cid for cid in position.jury if cid not in candidates]
        if unknown:
            shown = ", ".join(repr(c) for c in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
            problems.append(f"position {position.key}: jury ranks unknown candidates {shown}")
    forbidden = set()
    for pair in instance.forbidden:
        problems.extend(_pair_problems("forbidden pair", pair, candidates, positions))
        forbidden.add((pair.candidate, pair.position))
    locked_by_candidate: dict[str, list[PositionKey]] = defaultdict(list)
    locked_at: dict[PositionKey, list[str]] = defaultdict(list)
    for lock in instance.locks:
        pair_problems = _pair_problems("lock", lock, candidates, positions)
        problems.extend(pair_problems)
        if pair_problems:
            continue
        locked_by_candidate[lock.candidate].append(lock.position)
        locked_at[lock.position].append(lock.candidate)
        wanted = {entry.position for entry in preference_list(candidates[lock.candidate])}
        if lock.position not in wanted:
            problems.append(
                f"lock {lock.candidate!r} -> {lock.position} is impossible: the position is "
                "neither among the candidate's choices nor an offer they accepted"
            )
        if (lock.candidate, lock.position) in forbidden:
            problems.append(f"lock {lock.candidate!r} -> {lock.position} is also a forbidden pair")
    for cid, keys in locked_by_candidate.items():
        if len(keys) > 1:
            problems.append(
                f"candidate {cid!r} is locked to {len(keys)} positions: "
                + ", ".join(str(k) for k in keys)
            )
    for key, cids in locked_at.items():
        if len(cids) > positions[key].capacity:
            problems.append(
                f"locks exceed the capacity of {key}: {len(cids)} locks "
                f"({', '.join(cids)}) for {positions[key].capacity} seat(s)"
            )
    return problems


def _pair_problems(
    label: str,
    pair: Pair,
    candidates: Mapping[str, Candidate],
    positions: Mapping[PositionKey, Position],
) -> list[str]:
    problems = []
    if pair.candidate not in candidates:
        problems.append(f"{label} {pair.candidate!r} -> {pair.position}: unknown candidate")
    if pair.position not in positions:
        problems.append(f"{label} {pair.candidate!r} -> {pair.position}: unknown position")
    return problems
