"""Matching solution: assignment, explanations, stability report, rank distribution, status.

Explanations are structured first (``ChoiceReason.code`` plus candidate ids and jury
ranks); ``Explanation.text`` renders an English sentence from them on demand. The
explanations of a fresh solution are computed lazily, one candidate at a time, on first
access (``matching_explain.LazyExplanations``).

Reason codes, for each position a candidate preferred to what they got:

- ``forbidden_by_team``: the team forbade this pair;
- ``not_listed_by_jury``: the position's jury did not rank the candidate;
- ``no_seat``: the position has no seat at all;
- ``reserved_by_locks``: every seat is taken by a team lock (``others`` lists them);
- ``filled_by_higher_ranked``: full, every holder ranked strictly better by the jury;
- ``filled_by_tied``: full, holders ranked better or equal (a tie settled by the solver);
- ``given_to_lower_ranked``: optimal mode traded this seat to a lower-ranked candidate for
  the global objective;
- ``seat_left_free``: optimal mode left a seat free for the global objective;
- ``locked_elsewhere``: the team locked the candidate to another position.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cohorte.selection.core.jsonio import expect, get, get_list, ordinal
from cohorte.selection.core.matching_instance import OFFER, PositionKey, parse_position_key

FORBIDDEN_BY_TEAM = "forbidden_by_team"
NOT_LISTED_BY_JURY = "not_listed_by_jury"
NO_SEAT = "no_seat"
RESERVED_BY_LOCKS = "reserved_by_locks"
FILLED_BY_HIGHER_RANKED = "filled_by_higher_ranked"
FILLED_BY_TIED = "filled_by_tied"
GIVEN_TO_LOWER_RANKED = "given_to_lower_ranked"
SEAT_LEFT_FREE = "seat_left_free"
LOCKED_ELSEWHERE = "locked_elsewhere"

MATCHED = "matched"
LOCKED = "locked"
UNMATCHED = "unmatched"


@dataclass(frozen=True, slots=True)
class ChoiceReason:
    """Why the candidate did not get one position they preferred."""

    position: PositionKey
    preference_rank: int  # 1-based rank in the merged preference list
    source: str  # "choice" or "offer"
    choice_rank: int | None
    code: str
    jury_rank: int | None  # the candidate's own jury rank there, if listed
    others: tuple[tuple[str, int | None], ...] = ()  # holders (candidate id, jury rank)

    def text(self) -> str:
        """One English clause for this reason."""
        what = _describe(self.position, self.source, self.choice_rank)
        holders = ", ".join(f"{cid} (rank {rank})" for cid, rank in self.others)
        you = f" (your rank: {self.jury_rank})" if self.jury_rank is not None else ""
        clause = {
            FORBIDDEN_BY_TEAM: "excluded by a team decision",
            NOT_LISTED_BY_JURY: "its jury did not list you",
            NO_SEAT: "it has no seat",
            RESERVED_BY_LOCKS: f"its seats were reserved by the team for {holders}",
            FILLED_BY_HIGHER_RANKED: (
                f"filled by candidates ranked higher by its jury: {holders}{you}"
            ),
            FILLED_BY_TIED: (
                f"filled by candidates its jury ranked at least as high as you: {holders}{you}; "
                "the jury's tie with you was settled by the matching rules"
            ),
            GIVEN_TO_LOWER_RANKED: f"given to {holders}{you} to improve the overall allocation",
            SEAT_LEFT_FREE: "a seat was left free to improve the overall allocation",
            LOCKED_ELSEWHERE: "the team fixed your position elsewhere",
        }.get(self.code, self.code)
        return f"{what} {self.position}: {clause}"

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            **self.position.to_dict(),
            "preference_rank": self.preference_rank,
            "source": self.source,
            "choice_rank": self.choice_rank,
            "code": self.code,
            "jury_rank": self.jury_rank,
            "others": [{"candidate": cid, "jury_rank": rank} for cid, rank in self.others],
        }

    @classmethod
    def from_dict(cls, data: Any, path: str = "reason") -> ChoiceReason:
        """Build from the JSON form."""
        expect(data, dict, path)
        return cls(
            position=parse_position_key(data, path),
            preference_rank=get(data, "preference_rank", path, int),
            source=get(data, "source", path, str),
            choice_rank=get(data, "choice_rank", path, int, None),
            code=get(data, "code", path, str),
            jury_rank=get(data, "jury_rank", path, int, None),
            others=tuple(
                (get(o, "candidate", path, str), get(o, "jury_rank", path, int, None))
                for o in get_list(data, "others", path)
            ),
        )


def _sentence(clause: str) -> str:
    return clause[:1].upper() + clause[1:] + "."


def _describe(position: PositionKey, source: str, choice_rank: int | None) -> str:
    if source == OFFER or choice_rank is None:
        return "the jury offer"
    return f"your {ordinal(choice_rank)} choice"


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a candidate got their seat, or none: structured reasons plus an English text."""

    candidate: str
    status: str  # "matched", "locked" or "unmatched"
    position: PositionKey | None = None
    preference_rank: int | None = None
    source: str | None = None
    choice_rank: int | None = None
    reasons: tuple[ChoiceReason, ...] = ()

    @property
    def text(self) -> str:
        """English rendering of the structured explanation."""
        if self.status == UNMATCHED:
            head = "Not matched."
            if not self.reasons:
                return head + " You listed no position."
        else:
            assert self.position is not None
            what = (
                f"a jury offer you accepted ({ordinal(self.preference_rank or 0)} in your list)"
                if self.source == OFFER
                else f"your {ordinal(self.choice_rank or 0)} choice"
            )
            head = f"Matched to {self.position}, {what}"
            head += ", by a team decision." if self.status == LOCKED else "."
        details = " ".join(_sentence(reason.text()) for reason in self.reasons)
        return f"{head} {details}".strip()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (with the rendered text)."""
        return {
            "candidate": self.candidate,
            "status": self.status,
            "position": self.position.to_dict() if self.position else None,
            "preference_rank": self.preference_rank,
            "source": self.source,
            "choice_rank": self.choice_rank,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: Any, path: str = "explanation") -> Explanation:
        """Build from the JSON form (the text is recomputed)."""
        expect(data, dict, path)
        position = data.get("position")
        return cls(
            candidate=get(data, "candidate", path, str),
            status=get(data, "status", path, str),
            position=parse_position_key(position, f"{path}.position") if position else None,
            preference_rank=get(data, "preference_rank", path, int, None),
            source=get(data, "source", path, str, None),
            choice_rank=get(data, "choice_rank", path, int, None),
            reasons=tuple(
                ChoiceReason.from_dict(r, f"{path}.reasons[{i}]")
                for i, r in enumerate(get_list(data, "reasons", path))
            ),
        )


@dataclass(frozen=True, slots=True)
class MatchingSolution:
    """Result of ``solve_matching``; ``status`` is "optimal" or "feasible" (see ``message``)."""

    mode: str
    status: str
    assignment: Mapping[str, PositionKey]
    unfilled: Mapping[PositionKey, int]
    explanations: Mapping[str, Explanation]
    blocking_pairs: tuple[tuple[str, PositionKey], ...]
    rank_distribution: Mapping[str, int]
    time_limit_reached: bool = False
    message: str = ""
    solve_seconds: float = 0.0
    objective: float | None = None
    bound: float | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Number of matched candidates (locks included)."""
        return len(self.assignment)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "mode": self.mode,
            "status": self.status,
            "time_limit_reached": self.time_limit_reached,
            "message": self.message,
            "solve_seconds": round(self.solve_seconds, 4),
            "objective": self.objective,
            "bound": self.bound,
            "size": self.size,
            "assignment": [
                {"candidate": cid, **key.to_dict()} for cid, key in self.assignment.items()
            ],
            "unfilled": [{**key.to_dict(), "free": free} for key, free in self.unfilled.items()],
            "rank_distribution": dict(self.rank_distribution),
            "blocking_pairs": [
                {"candidate": cid, **key.to_dict()} for cid, key in self.blocking_pairs
            ],
            "explanations": [e.to_dict() for e in self.explanations.values()],
            "details": dict(self.details),
        }

    @classmethod
    def from_dict(cls, data: Any) -> MatchingSolution:
        """Build from the JSON form."""
        expect(data, dict, "solution")
        assignment = {}
        for i, row in enumerate(get_list(data, "assignment", "solution")):
            path = f"assignment[{i}]"
            expect(row, dict, path)
            assignment[get(row, "candidate", path, str)] = parse_position_key(row, path)
        unfilled = {}
        for i, row in enumerate(get_list(data, "unfilled", "solution")):
            unfilled[parse_position_key(row, f"unfilled[{i}]")] = get(row, "free", "unfilled", int)
        explanations = {}
        for i, row in enumerate(get_list(data, "explanations", "solution")):
            explanation = Explanation.from_dict(row, f"explanations[{i}]")
            explanations[explanation.candidate] = explanation
        return cls(
            mode=get(data, "mode", "solution", str),
            status=get(data, "status", "solution", str),
            assignment=assignment,
            unfilled=unfilled,
            explanations=explanations,
            blocking_pairs=tuple(
                (get(row, "candidate", "blocking_pairs", str), parse_position_key(row, "blocking"))
                for row in get_list(data, "blocking_pairs", "solution")
            ),
            rank_distribution=dict(get(data, "rank_distribution", "solution", dict, {})),
            time_limit_reached=get(data, "time_limit_reached", "solution", bool, False),
            message=get(data, "message", "solution", str, ""),
            solve_seconds=get(data, "solve_seconds", "solution", float, 0.0),
            objective=get(data, "objective", "solution", float, None),
            bound=get(data, "bound", "solution", float, None),
            details=dict(get(data, "details", "solution", dict, {})),
        )
