"""What the next matching run will use, counted in the database for the matching page.

Building the whole instance (``matching_runs.matching_inputs``) reads every candidate with
their choices and jury entries: the run does it, the page does not. The page shows the
same figures from a fixed number of queries whatever the size of the call: the number of
candidates, the positions with their seats, seats already taken, candidates ranked by the
jury list each position uses and how many of them share their rank, and the warnings
about the team's constraints (checked on the constrained candidates only).
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q

from cohorte.calls.models import Application, Call
from cohorte.challenges.models import Challenge

from .matching_runs import InstanceBuilder, PositionInfo, candidate_applications
from .models import PairConstraint, RankingEntry

Table = tuple[int | None, int | None]  # a jury list: défi pk and profile pk, either may be None


@dataclass
class MatchingSummary:
    """The inputs of the next run as the page shows them."""

    call: Call
    candidates: int
    challenges: list[Challenge]
    positions: list[PositionInfo]
    warnings: list[str] = field(default_factory=list)
    # The application each warning is about (None: about no one), in the same order.
    warned: list[int | None] = field(default_factory=list)

    @property
    def seats_total(self) -> int:
        """Seats left for the matching over every position."""
        return sum(p.capacity for p in self.positions)

    def warnings_hiding(self, hidden: set[int]) -> list[str]:
        """The warnings, but those about applications in ``hidden``."""
        return [w for w, pk in zip(self.warnings, self.warned, strict=True) if pk not in hidden]


def jury_entries(call: Call, candidates=None):
    """The jury entries the instance reads: candidates' entries in the main lists
    (``candidates``: the ids of the call's candidates, when already read)."""
    if candidates is None:
        candidates = candidate_applications(call)
    return (
        RankingEntry.objects.filter(application__in=candidates)
        .exclude(waiting_list=True)
        .filter(Q(offered=False) | Q(accepted=True))
    )


def position_tables(positions: list[PositionInfo], tables: set[Table]) -> dict:
    """Per position key, the jury lists it uses (merged when several), as the builder does."""
    chosen = {}
    for info in positions:
        challenge_id = info.challenge.pk
        if info.profile is not None:
            profile_id = info.profile.pk
            candidates = [(challenge_id, profile_id), (challenge_id, None), (None, profile_id)]
            chosen[info.key] = frozenset(next(([t] for t in candidates if t in tables), []))
            continue
        if (challenge_id, None) in tables:
            chosen[info.key] = frozenset([(challenge_id, None)])
            continue
        per_profile = {t for t in tables if t[0] == challenge_id and t[1] is not None}
        chosen[info.key] = frozenset(per_profile or {t for t in tables if t[0] is None})
    return chosen


def _list_figures(entries, groups: list[frozenset]) -> dict[int, tuple[int, int]]:
    """Per group of jury lists (by index): candidates ranked and candidates sharing a rank.

    A candidate's rank in merged lists is their best one, as in the builder."""
    pairs = [(index, c or 0, p or 0) for index, group in enumerate(groups) for c, p in group]
    if not pairs:
        return {}
    inner_sql, inner_params = entries.values(
        "application_id", "challenge_id", "profile_id", "position"
    ).query.sql_with_params()
    values = ", ".join(["(%s, %s, %s)"] * len(pairs))
    sql = f"""
        SELECT grp, SUM(n), SUM(CASE WHEN n > 1 THEN n ELSE 0 END)
        FROM (
            SELECT grp, best, COUNT(*) AS n
            FROM (
                SELECT m.column1 AS grp, e.application_id, MIN(e."position") AS best
                FROM ({inner_sql}) e
                JOIN (VALUES {values}) m
                  ON COALESCE(e.challenge_id, 0) = m.column2
                 AND COALESCE(e.profile_id, 0) = m.column3
                GROUP BY m.column1, e.application_id
            ) ranked
            GROUP BY grp, best
        ) ranks
        GROUP BY grp
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*inner_params, *(v for pair in pairs for v in pair)])
        return {int(g): (int(n), int(tied)) for g, n, tied in cursor.fetchall()}


def matching_summary(call: Call) -> MatchingSummary:
    """The next run's inputs, counted in the database (see the module docstring)."""
    # The candidates are read once, by id: each count below then looks them up through the
    # primary key instead of testing every application of the call again.
    candidate_ids = list(candidate_applications(call).values_list("pk", flat=True))
    constrained = Application.objects.filter(
        pk__in=PairConstraint.objects.filter(call=call, application__in=candidate_ids).values(
            "application_id"
        )
    )
    builder = InstanceBuilder(call, applications=constrained)
    builder.subtract_taken(candidate_ids)
    positions = list(builder.positions.values())
    entries = jury_entries(call, candidate_ids)
    tables = set(
        entries.values_list("challenge_id", "profile_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("challenge_id", "profile_id")
    )
    chosen = position_tables(positions, tables)
    groups = sorted(set(chosen.values()) - {frozenset()}, key=_group_order)
    figures = _list_figures(entries, groups)
    index = {group: i for i, group in enumerate(groups)}
    for info in positions:
        group = chosen[info.key]
        info.ranked, info.tied = figures.get(index.get(group, -1), (0, 0))
    # Only the constrained candidates' choices matter to check the constraints; the jury
    # ranks only order the positions within a choice, which the checks do not read.
    candidates, _ranks = builder.candidates({key: {} for key in builder.positions})
    builder.constraints(candidates)
    return MatchingSummary(
        call=call,
        candidates=len(candidate_ids),
        challenges=builder.challenges,
        positions=positions,
        warnings=builder.warnings,
        warned=builder.warned,
    )


def _group_order(group: frozenset) -> list[tuple[int, int]]:
    """A stable order of groups of jury lists (None sorts first)."""
    return sorted((c or 0, p or 0) for c, p in group)
