"""The matching step in the back office: from the jury lists to staged decisions.

The team builds the matching of a call from the database (``matching_inputs``), runs the
pure core on it (``run_matching``: each run is kept as a ``SolverRun``, what went in and
what came out), locks or forbids pairs (``set_constraint`` / ``clear_constraint``), sets
the seats per profile of a défi (``set_seats``) and turns a run into staged decisions
(``stage_from_run``), which the director then validates as any other decision.

How the database becomes a ``MatchingInstance`` (the core only knows strings: a candidate
is ``str(application pk)``, a position is ``PositionKey(str(défi pk), str(profile pk))``,
with an empty profile for a défi recruiting without seats per profile):

- Positions. A défi of the call with seats per profile (``Seat`` rows) gives one position
  per profile with that count; a défi without gives one position (défi, no profile) with
  ``Challenge.seats``. Seats already taken by a "selected" decision of an application
  outside the matching (sent in an earlier round, or staged by hand) are subtracted, so
  that a result can always be staged.
- Candidates. The call's applications that are shortlisted, or submitted and interviewed
  (an interview not cancelled) or ranked by a jury; not the ineligible ones, not those
  withdrawn or whose decision was sent (their status says so).
- Choices, best first. A choice of a défi and a profile is that position (the défi's
  only position when it has no seats per profile; nothing when the défi does not recruit
  that profile). A choice naming only a défi is acceptable for every position of that
  défi, and a choice naming only a profile for every position of that profile (and every
  défi without seats per profile): the positions of one such choice are ranked together,
  next to each other, in the order of the candidate's jury rank there (best first), and
  all count as that choice's rank on the page. Positions of défis the candidate may not be
  decided on (``decisions.allowed_challenge_ids``) are left out; a position met twice keeps
  its first place.
- Offers. An entry the jury offered and the candidate accepted (not on the waiting list)
  adds its position (every position of the défi when the entry names no profile) after the
  candidate's choices.
- Jury lists. Ranks are the entries' positions (equal positions are ties); waiting-list
  entries are left out of the main lists (they only decide who goes on the waiting list),
  and so are offers not accepted. A position (défi, profile) uses the list of that défi and
  profile, else the défi's list without profile, else the list of that profile without
  défi. A position without profile uses the défi's list without profile, else its lists
  per profile merged (a candidate's best position counts), else the lists per profile
  without défi merged the same way.
- Locks and forbidden pairs come from ``PairConstraint``. A forbidden défi without profile
  forbids every position of the défi; a lock must name one position. A constraint that no
  longer fits (candidate out of the matching, position gone, lock outside the candidate's
  choices, more locks than seats) is left out with a warning shown on the page.

Seats per profile (``set_seats``): when a défi has some, they alone define its positions;
their sum may not exceed ``Challenge.seats`` (the seats the decisions step checks), and the
page warns when it is lower (those seats are not offered by the matching).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.calls.models import Application, ApplicationChoice, Call
from cohorte.challenges.models import Challenge, Expertise
from cohorte.reviews.exclusions import excluded_among, is_excluded

from . import decisions
from .core.jsonio import InstanceError
from .core.matching import BREAK, MAX_SIZE, OPTIMAL, STABLE, solve_matching
from .core.matching_instance import (
    Candidate,
    MatchingInstance,
    Offer,
    Pair,
    Position,
    PositionKey,
    preference_list,
)
from .core.matching_solution import MatchingSolution
from .matching_placements import store_placements
from .models import Decision, InterviewSlot, PairConstraint, RankingEntry, Seat, SolverRun

Status = Application.Status
Outcome = Decision.Outcome
MODES = (STABLE, OPTIMAL)
TIES = (MAX_SIZE, BREAK)
# The solver runs inside the request: a longer search belongs to a background task.
MAX_TIME_LIMIT = 60
NOT_RANKED = 10**6


def conflict_message() -> str:
    """Why a change about a candidate the user is kept away from is refused."""
    return _(
        "Vous avez déclaré un conflit d'intérêts sur cette candidature : un·e autre membre de "
        "l'équipe s'en occupe. Rien n'a changé."
    )


class MatchingError(ValueError):
    """A matching action refused; the message says why, in French, for the team."""


def position_key(challenge_id: int, profile_id: int | None) -> PositionKey:
    """The core's key of a position: défi pk and profile pk (empty without profile)."""
    return PositionKey(str(challenge_id), "" if profile_id is None else str(profile_id))


def key_ids(key: PositionKey) -> tuple[int, int | None]:
    """The défi pk and profile pk (or None) of a position key."""
    return int(key.defi), (int(key.profile) if key.profile else None)


@dataclass
class PositionInfo:
    """One position as the page shows it: its seats and the jury list it uses."""

    key: PositionKey
    challenge: Challenge
    profile: Expertise | None
    seats: int  # configured (Seat.count or Challenge.seats)
    taken: int  # by selected decisions outside the matching
    ranked: int = 0
    tied: int = 0  # candidates sharing their rank with another

    @property
    def capacity(self) -> int:
        """Seats left for the matching."""
        return max(self.seats - self.taken, 0)


@dataclass
class MatchingInputs:
    """The matching of a call as built from the database, with what the page needs."""

    call: Call
    instance: MatchingInstance
    challenges: list[Challenge]
    positions: list[PositionInfo]
    applications: dict[str, Application]
    choice_ranks: dict[str, list[int]]  # per candidate: ApplicationChoice.rank of each choice
    warnings: list[str] = field(default_factory=list)
    # The application each warning is about (None: about no one), in the same order.
    warned: list[int | None] = field(default_factory=list)

    def warnings_hiding(self, hidden: set[int]) -> list[str]:
        """The warnings, but those about applications in ``hidden``."""
        return [w for w, pk in zip(self.warnings, self.warned, strict=True) if pk not in hidden]

    def to_json(self) -> dict:
        """The core's JSON form of the instance, plus the choice ranks shown on the page."""
        data = self.instance.to_dict()
        data["choice_ranks"] = self.choice_ranks
        return data

    def keys_for(self, challenge_id: int, profile_id: int | None) -> list[PositionKey]:
        """Positions a (défi, profile) reference stands for (see ``InstanceBuilder.keys_for``)."""
        keys = [p.key for p in self.positions if p.challenge.pk == challenge_id]
        if profile_id is None:
            return keys
        for key in (position_key(challenge_id, profile_id), position_key(challenge_id, None)):
            if key in keys:
                return [key]
        return []

    def seat_warnings(self) -> list[str]:
        """Défis whose seats per profile do not add up to their number of seats."""
        return seat_warnings(self.challenges)


def seat_warnings(challenges: list[Challenge]) -> list[str]:
    """Défis whose seats per profile do not add up to their number of seats (prefetched)."""
    problems = []
    for challenge in challenges:
        seats = list(challenge.seat_allocations.all())
        total = sum(s.count for s in seats)
        if seats and total != challenge.seats:
            problems.append(
                _(
                    "« %(challenge)s » : %(total)d place(s) réparties par profil pour "
                    "%(seats)d place(s) au total."
                )
                % {"challenge": challenge.title, "total": total, "seats": challenge.seats}
            )
    return problems


def candidate_applications(call: Call):
    """Applications taking part in the matching (see the module docstring)."""
    # Lists read once rather than two correlated lookups per application of the call: the
    # matching page counts from this set several times per request.
    interviewed = InterviewSlot.objects.exclude(status=InterviewSlot.Status.CANCELLED).values(
        "application_id"
    )
    ranked = RankingEntry.objects.filter(call=call).values("application_id")
    return (
        call.applications.filter(status__in=[Status.SUBMITTED, Status.SHORTLISTED])
        .exclude(eligibility=Application.Eligibility.INELIGIBLE)
        .exclude(decision__status=Decision.Status.SENT)
        .filter(Q(status=Status.SHORTLISTED) | Q(pk__in=interviewed) | Q(pk__in=ranked))
    )


def call_challenges(call: Call) -> list[Challenge]:
    return list(
        call.challenges.prefetch_related(
            "expertises",
            Prefetch("seat_allocations", queryset=Seat.objects.select_related("profile")),
        ).order_by("title", "pk")
    )


class InstanceBuilder:
    """Builds the instance step by step; ``warnings`` collects what was left out and why.

    ``applications`` narrows the candidates read (by default all of them): the page reads
    only those with a constraint, to check the constraints without loading the call.
    """

    def __init__(self, call: Call, applications=None):
        self.call = call
        self.challenges = call_challenges(call)
        if applications is None:
            applications = candidate_applications(call)
        self.applications = list(
            applications.select_related("candidate")
            .prefetch_related(
                Prefetch("choices", queryset=ApplicationChoice.objects.order_by("rank")),
                "ranking_entries",
            )
            .order_by("pk")
        )
        self.ids = {str(a.pk) for a in self.applications}
        self.warnings: list[str] = []
        self.warned: list[int | None] = []
        self.positions: dict[PositionKey, PositionInfo] = {}
        self.by_challenge: dict[int, list[PositionKey]] = defaultdict(list)
        for challenge in self.challenges:
            seats = list(challenge.seat_allocations.all())
            if seats:
                for seat in sorted(seats, key=lambda s: (s.profile.name, s.profile_id)):
                    self._add(challenge, seat.profile, seat.count)
            else:
                self._add(challenge, None, challenge.seats)
        self.order = {key: i for i, key in enumerate(self.positions)}

    def _add(self, challenge, profile, seats):
        key = position_key(challenge.pk, profile.pk if profile else None)
        self.positions[key] = PositionInfo(key, challenge, profile, seats, 0)
        self.by_challenge[challenge.pk].append(key)

    def keys_for(self, challenge_id: int, profile_id: int | None) -> list[PositionKey]:
        """Positions a (défi, profile) reference stands for (every one of the défi's if no
        profile; the défi's only position if it has no seats per profile)."""
        keys = self.by_challenge.get(challenge_id, [])
        if profile_id is None:
            return list(keys)
        for key in (position_key(challenge_id, profile_id), position_key(challenge_id, None)):
            if key in self.positions:
                return [key]
        return []

    def subtract_taken(self, candidates=None):
        """Seats held by selected decisions of applications outside the matching
        (``candidates``: the ids of every candidate of the call, when already read)."""
        # Outside the matching: every candidate of the call, even when ``applications`` is
        # narrower, so that the seats left are those of the whole call.
        if candidates is None:
            candidates = candidate_applications(self.call)
        taken = (
            Decision.objects.filter(
                outcome=Outcome.SELECTED, challenge__in=[c.pk for c in self.challenges]
            )
            .exclude(application__in=candidates)
            .values_list("challenge_id", "profile_id")
            .annotate(n=Count("pk"))
            .order_by("challenge_id", "profile_id")
        )
        for challenge_id, profile_id, count in taken:
            keys = self.keys_for(challenge_id, profile_id) or self.keys_for(challenge_id, None)
            for _seat in range(count):
                # A profile the défi has no seat for: the seat is taken wherever one is left.
                free = [k for k in keys if self.positions[k].capacity > 0] or keys
                if free:
                    self.positions[free[0]].taken += 1

    def jury_lists(self) -> dict[PositionKey, dict[str, int]]:
        """Per position, candidate id -> jury rank (see the module docstring)."""
        by_pair: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
        by_challenge: dict[int, dict[str, int]] = defaultdict(dict)
        by_profile: dict[int, dict[str, int]] = defaultdict(dict)
        for application in self.applications:
            cid = str(application.pk)
            for entry in application.ranking_entries.all():
                if entry.waiting_list or (entry.offered and entry.accepted is not True):
                    continue
                if entry.challenge_id and entry.profile_id:
                    table = by_pair[entry.challenge_id, entry.profile_id]
                elif entry.challenge_id:
                    table = by_challenge[entry.challenge_id]
                else:
                    table = by_profile[entry.profile_id]
                table[cid] = min(table.get(cid, entry.position), entry.position)

        def merged(tables: Iterable[dict[str, int]]) -> dict[str, int]:
            out: dict[str, int] = {}
            for table in tables:
                for cid, rank in table.items():
                    out[cid] = min(out.get(cid, rank), rank)
            return out

        lists = {}
        for key, info in self.positions.items():
            challenge_id = info.challenge.pk
            if info.profile is not None:
                lists[key] = dict(
                    by_pair.get((challenge_id, info.profile.pk))
                    or by_challenge.get(challenge_id)
                    or by_profile.get(info.profile.pk)
                    or {}
                )
            else:
                lists[key] = by_challenge.get(challenge_id) or merged(
                    t for (c, _p), t in by_pair.items() if c == challenge_id
                )
                if not lists[key]:
                    lists[key] = merged(by_profile.values())
        return lists

    def candidates(self, jury) -> tuple[list[Candidate], dict[str, list[int]]]:
        """Each candidate's ranked choices and accepted offers, and the real choice ranks."""
        candidates, choice_ranks = [], {}
        for application in self.applications:
            cid = str(application.pk)
            allowed = decisions.allowed_challenge_ids(application, self.challenges)
            keys: list[PositionKey] = []
            ranks: list[int] = []
            for choice in application.choices.all():
                if choice.challenge_id is not None:
                    found = self.keys_for(choice.challenge_id, choice.profile_id)
                else:
                    wanted = {str(choice.profile_id), ""}
                    found = [k for k in self.positions if k.profile in wanted]
                found = [k for k in found if int(k.defi) in allowed and k not in keys]
                # One choice standing for several positions: best jury rank first.
                found.sort(key=lambda k: (jury[k].get(cid, NOT_RANKED), self.order[k]))
                keys.extend(found)
                ranks.extend([choice.rank] * len(found))
            offers: list[PositionKey] = []
            for entry in application.ranking_entries.all():
                if entry.offered and entry.accepted is True and not entry.waiting_list:
                    if entry.challenge_id is None:
                        continue
                    for key in self.keys_for(entry.challenge_id, entry.profile_id):
                        if key not in keys and key not in offers:
                            offers.append(key)
            candidates.append(Candidate(cid, tuple(keys), tuple(Offer(k) for k in offers)))
            choice_ranks[cid] = ranks
        return candidates, choice_ranks

    def constraints(self, candidates: list[Candidate]) -> tuple[list[Pair], list[Pair]]:
        """Locks and forbidden pairs that fit the instance (the others become warnings)."""
        wanted = {c.id: {p.position for p in preference_list(c)} for c in candidates}
        locks: list[Pair] = []
        forbidden: list[Pair] = []
        locked_candidates: set[str] = set()
        locks_at: dict[PositionKey, int] = defaultdict(int)
        rows = (
            PairConstraint.objects.filter(call=self.call)
            .select_related("application__candidate", "challenge", "profile")
            .order_by("created_at", "pk")
        )
        for constraint in rows:
            cid = str(constraint.application_id)
            name = constraint.application.display_name
            place = _place_label(constraint.challenge, constraint.profile)
            keys = self.keys_for(constraint.challenge_id, constraint.profile_id)

            def warn(reason, name=name, place=place, pk=constraint.application_id):
                self.warnings.append(
                    _("Contrainte ignorée (%(name)s, %(place)s) : %(reason)s")
                    % {"name": name, "place": place, "reason": reason}
                )
                self.warned.append(pk)

            if cid not in self.ids:
                warn(_("la candidature ne fait plus partie de l'appariement."))
            elif not keys:
                warn(_("ce défi n'a pas de place pour ce profil."))
            elif constraint.kind == PairConstraint.Kind.FORBID:
                forbidden.extend(Pair(cid, key) for key in keys)
            elif len(keys) > 1:
                warn(_("le défi a des places par profil : précisez le profil imposé."))
            elif keys[0] not in wanted[cid]:
                warn(_("ce n'est ni un choix du candidat ni une offre qu'il a acceptée."))
            elif cid in locked_candidates:
                warn(_("une autre place est déjà imposée à ce candidat."))
            elif locks_at[keys[0]] >= self.positions[keys[0]].capacity:
                warn(_("les places de ce poste sont déjà toutes imposées."))
            else:
                locks.append(Pair(cid, keys[0]))
                locked_candidates.add(cid)
                locks_at[keys[0]] += 1
        return locks, forbidden

    def build(self) -> MatchingInputs:
        self.subtract_taken()
        jury = self.jury_lists()
        for key, ranks in jury.items():
            info = self.positions[key]
            info.ranked = len(ranks)
            counts = defaultdict(int)
            for rank in ranks.values():
                counts[rank] += 1
            info.tied = sum(n for n in counts.values() if n > 1)
        candidates, choice_ranks = self.candidates(jury)
        locks, forbidden = self.constraints(candidates)
        instance = MatchingInstance(
            positions=tuple(
                Position(key.defi, key.profile, info.capacity, jury[key])
                for key, info in self.positions.items()
            ),
            candidates=tuple(candidates),
            locks=tuple(locks),
            forbidden=tuple(forbidden),
        )
        return MatchingInputs(
            call=self.call,
            instance=instance,
            challenges=self.challenges,
            positions=list(self.positions.values()),
            applications={str(a.pk): a for a in self.applications},
            choice_ranks=choice_ranks,
            warnings=self.warnings,
            warned=self.warned,
        )


def _place_label(challenge, profile) -> str:
    return f"« {challenge.title} » — {profile.name}" if profile else f"« {challenge.title} »"


def matching_inputs(call: Call) -> MatchingInputs:
    """The matching of a call built from the database, with labels and warnings."""
    return InstanceBuilder(call).build()


def build_matching_instance(call: Call) -> MatchingInstance:
    """The core's matching instance of a call (see the module docstring for the rules)."""
    return matching_inputs(call).instance


# Running -------------------------------------------------------------------------------


def check_parameters(mode, ties, time_limit) -> float:
    """Refuse unknown modes and tie policies and a bad time limit; the limit as a number."""
    if mode not in MODES:
        raise MatchingError(_("Mode inconnu : choisissez « stable » ou « optimal »."))
    if ties not in TIES:
        raise MatchingError(
            _("Traitement des ex aequo inconnu : choisissez « max_size » ou « break ».")
        )
    try:
        limit = float(time_limit)
    except (TypeError, ValueError):
        limit = float("nan")
    if not 1 <= limit <= MAX_TIME_LIMIT:  # also refuses NaN
        raise MatchingError(
            _("La limite de temps doit être comprise entre 1 et %(max)d secondes.")
            % {"max": MAX_TIME_LIMIT}
        )
    return limit


def run_matching(
    call: Call, actor, mode: str = STABLE, ties: str = MAX_SIZE, time_limit: float = 10
) -> SolverRun:
    """Build the matching of the call, solve it and keep the run (inputs and result)."""
    limit = check_parameters(mode, ties, time_limit)
    inputs = matching_inputs(call)
    if not inputs.instance.positions:
        raise MatchingError(_("Aucun défi n'est ouvert à cet appel : rien à répartir."))
    if not inputs.instance.candidates:
        raise MatchingError(
            _(
                "Aucune candidature à répartir : présélectionnez, auditionnez ou classez des "
                "candidats d'abord."
            )
        )
    try:
        solution = solve_matching(inputs.instance, mode=mode, ties=ties, time_limit=limit)
    except InstanceError as error:  # pragma: no cover - the builder only makes valid instances
        raise MatchingError(
            _("Données incohérentes, rien n'a été calculé : %(problems)s") % {"problems": error}
        ) from error
    with transaction.atomic():
        run = SolverRun.objects.create(
            call=call,
            kind=SolverRun.Kind.MATCHING,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            parameters={"mode": mode, "ties": ties, "time_limit": limit},
            instance=inputs.to_json(),
            solution=solution.to_dict(),
            status=solution.status,
        )
        store_placements(run)
    record(
        "matching.run",
        call,
        actor=actor,
        run=run.pk,
        mode=mode,
        ties=ties,
        time_limit=limit,
        status=solution.status,
        size=solution.size,
        candidates=len(inputs.instance.candidates),
        positions=len(inputs.instance.positions),
        blocking_pairs=len(solution.blocking_pairs),
    )
    return run


def run_solution(run: SolverRun) -> MatchingSolution:
    """The stored result of a matching run."""
    return MatchingSolution.from_dict(run.solution)


# Constraints ----------------------------------------------------------------------------


def _check_pair(call, application, challenge) -> None:
    if application.call_id != call.pk:
        raise MatchingError(_("Cette candidature n'appartient pas à cet appel : rien n'a changé."))
    if not call.challenges.filter(pk=challenge.pk).exists():
        raise MatchingError(
            _("Le défi « %(challenge)s » n'est pas ouvert à cet appel.")
            % {"challenge": challenge.title}
        )


@transaction.atomic
def set_constraint(
    call: Call, application: Application, challenge: Challenge, profile, kind: str, actor
) -> PairConstraint:
    """Lock (impose) or forbid a (candidate, défi, profile) pair for the next runs."""
    if kind not in PairConstraint.Kind.values:
        raise MatchingError(_("Choisissez « imposer » ou « interdire »."))
    if is_excluded(actor, application):
        raise MatchingError(conflict_message())
    _check_pair(call, application, challenge)
    inputs = matching_inputs(call)
    cid = str(application.pk)
    if cid not in inputs.applications:
        raise MatchingError(
            _(
                "%(name)s ne fait pas partie de l'appariement (candidature retirée, décision "
                "envoyée, ni présélectionnée, ni auditionnée, ni classée)."
            )
            % {"name": application.display_name}
        )
    builder_keys = inputs.keys_for(challenge.pk, profile.pk if profile else None)
    if not builder_keys:
        raise MatchingError(
            _("Le défi « %(challenge)s » n'a pas de place pour le profil « %(profile)s ».")
            % {"challenge": challenge.title, "profile": profile.name if profile else "—"}
        )
    existing = PairConstraint.objects.filter(
        application=application, challenge=challenge, profile=profile
    ).first()
    if existing is not None and existing.kind == kind:
        return existing  # the same request twice (two tabs): nothing to change
    if kind == PairConstraint.Kind.LOCK:
        _check_lock(inputs, application, builder_keys, existing)
    previous = existing.kind if existing else None
    constraint = existing or PairConstraint(
        call=call, application=application, challenge=challenge, profile=profile
    )
    constraint.kind = kind
    constraint.created_by = actor if getattr(actor, "is_authenticated", False) else None
    constraint.save()
    record(
        "matching.constraint_set",
        application,
        actor=actor,
        call=call.pk,
        constraint=constraint.pk,
        kind=kind,
        challenge=challenge.pk,
        profile=profile.pk if profile else None,
        previous=previous,
    )
    return constraint


def _check_lock(inputs, application, keys, existing) -> None:
    if len(keys) > 1:
        raise MatchingError(
            _("Ce défi a des places par profil : choisissez le profil de la place à imposer.")
        )
    key = keys[0]
    cid = str(application.pk)
    candidate = next(c for c in inputs.instance.candidates if c.id == cid)
    if key not in {entry.position for entry in preference_list(candidate)}:
        raise MatchingError(
            _(
                "Impossible d'imposer cette place à %(name)s : ce n'est ni un de ses choix ni "
                "une offre du jury qu'il ou elle a acceptée."
            )
            % {"name": application.display_name}
        )
    others = PairConstraint.objects.filter(
        application=application, kind=PairConstraint.Kind.LOCK
    ).select_related("challenge", "profile")
    if existing is not None:
        others = others.exclude(pk=existing.pk)
    other = others.first()
    if other is not None:
        raise MatchingError(
            _(
                "Une place est déjà imposée à %(name)s (%(place)s) : retirez d'abord cette "
                "contrainte."
            )
            % {
                "name": application.display_name,
                "place": _place_label(other.challenge, other.profile),
            }
        )
    info = next(p for p in inputs.positions if p.key == key)
    locked_here = sum(1 for lock in inputs.instance.locks if lock.position == key)
    if locked_here >= info.capacity:
        raise MatchingError(
            _("Toutes les places de %(place)s sont déjà imposées à d'autres candidats.")
            % {"place": _place_label(info.challenge, info.profile)}
        )


@transaction.atomic
def clear_constraint(call: Call, constraint_id, actor) -> None:
    """Remove a lock or a forbidden pair of the call."""
    constraint = (
        PairConstraint.objects.select_for_update()
        .filter(call=call, pk=constraint_id)
        .select_related("application")
        .first()
    )
    if constraint is None:
        raise MatchingError(_("Cette contrainte n'existe plus : rien n'a changé."))
    if is_excluded(actor, constraint.application):
        raise MatchingError(conflict_message())
    data = {
        "call": call.pk,
        "constraint": constraint.pk,
        "kind": constraint.kind,
        "challenge": constraint.challenge_id,
        "profile": constraint.profile_id,
    }
    application = constraint.application
    constraint.delete()
    record("matching.constraint_cleared", application, actor=actor, **data)


# Seats per profile ----------------------------------------------------------------------


@transaction.atomic
def set_seats(call: Call, challenge: Challenge, counts: dict[int, int | None], actor) -> bool:
    """Set a défi's seats per profile (profile pk -> count; 0 or None removes it).

    Returns whether anything changed. The sum may not exceed ``Challenge.seats``.
    """
    if not call.challenges.filter(pk=challenge.pk).exists():
        raise MatchingError(
            _("Le défi « %(challenge)s » n'est pas ouvert à cet appel.")
            % {"challenge": challenge.title}
        )
    allowed = decisions.allowed_profile_ids(call, challenge)
    wanted = {}
    for profile_id, count in counts.items():
        if count in (None, 0):
            continue
        if profile_id not in allowed:
            raise MatchingError(
                _("Ce profil n'est recherché ni par l'appel ni par le défi « %(challenge)s ».")
                % {"challenge": challenge.title}
            )
        if not isinstance(count, int) or count < 0:
            raise MatchingError(_("Un nombre de places est un entier positif ou nul."))
        wanted[profile_id] = count
    total = sum(wanted.values())
    seats = (
        Challenge.objects.select_for_update().values_list("seats", flat=True).get(pk=challenge.pk)
    )
    if total > seats:
        raise MatchingError(
            _(
                "« %(challenge)s » compte %(seats)d place(s) : la répartition par profil "
                "(%(total)d) ne peut pas la dépasser."
            )
            % {"challenge": challenge.title, "seats": seats, "total": total}
        )
    current = dict(Seat.objects.filter(challenge=challenge).values_list("profile_id", "count"))
    if current == wanted:
        return False
    Seat.objects.filter(challenge=challenge).exclude(profile_id__in=wanted).delete()
    for profile_id, count in wanted.items():
        Seat.objects.update_or_create(
            challenge=challenge, profile_id=profile_id, defaults={"count": count}
        )
    record(
        "matching.seats_set",
        challenge,
        actor=actor,
        call=call.pk,
        seats={str(k): v for k, v in sorted(wanted.items())},
        previous={str(k): v for k, v in sorted(current.items())},
    )
    return True


# Staging decisions ----------------------------------------------------------------------


@dataclass
class StageReport:
    """What ``stage_from_run`` did."""

    staged: list[Decision]
    unchanged: int
    counts: dict[str, int]


def _waiting_entry(application, allowed_challenges: set[int]) -> RankingEntry | None:
    """The proposals' rule: the défi of the jury's waiting list, else the candidate's
    preferred défi where they were ranked (an offer counts once accepted)."""
    entries = [
        e
        for e in application.ranking_entries.all()
        if e.challenge_id in allowed_challenges and (not e.offered or e.accepted is True)
    ]
    if not entries:
        return None
    preference = {}
    for choice in application.choices.all():
        if choice.challenge_id is not None:
            preference.setdefault(choice.challenge_id, len(preference))
    return min(
        entries,
        key=lambda e: (
            not e.waiting_list,
            preference.get(e.challenge_id, len(preference)),
            e.position,
            e.pk,
        ),
    )


def _selected_profile(application, challenge_id: int, call_profiles, challenge) -> int | None:
    """The profile of a seat on a défi without seats per profile: the one the candidate
    chose with it, else the one the jury ranked them for, else the only one possible."""
    for choice in application.choices.all():
        if choice.challenge_id == challenge_id and choice.profile_id:
            return choice.profile_id
    entries = sorted(
        (e for e in application.ranking_entries.all() if e.challenge_id == challenge_id),
        key=lambda e: (e.waiting_list, e.position),
    )
    for entry in entries:
        if entry.profile_id:
            return entry.profile_id
    possible = {p.pk for p in call_profiles} | {e.pk for e in challenge.expertises.all()}
    return next(iter(possible)) if len(possible) == 1 else None


def profile_options(call_profiles, challenge) -> list[Expertise]:
    """The profiles a seat "tout profil" of the défi may be given, by name."""
    options = {p.pk: p for p in call_profiles}
    options.update({e.pk: e for e in challenge.expertises.all()})
    return sorted(options.values(), key=lambda p: (p.name, p.pk))


@dataclass
class ProfileQuestion:
    """A candidate placed on a seat "tout profil" whose profile neither they nor the jury
    gave: the page asks the team for it before staging."""

    application: Application
    challenge: Challenge
    options: list[Expertise]

    @property
    def field(self) -> str:
        return f"profil-{self.application.pk}"


def _targets(
    run, applications, challenges, call, chosen=None, assignment=None
) -> tuple[dict[int, tuple], list[str], list[ProfileQuestion]]:
    """Outcome, défi pk and profile pk for each candidate of the run, what prevents it, and
    the profiles to ask for (``chosen``: those the team gave, by application pk;
    ``assignment``: the run's, when already read)."""
    chosen = chosen or {}
    if assignment is None:
        assignment = {
            row["candidate"]: PositionKey(row["defi"], row["profile"])
            for row in run.solution.get("assignment", [])
        }
    # Read once: the rules ask for the call's profiles for every placed candidate.
    prefetch_related_objects([call], "profiles")
    call_profiles = list(call.profiles.all())
    targets, problems, questions = {}, [], []
    for application in applications:
        name = application.display_name
        key = assignment.get(str(application.pk))
        if key is not None:
            challenge_id, profile_id = key_ids(key)
            challenge = challenges.get(challenge_id)
            if challenge is None:
                problems.append(
                    _("%(name)s : son défi n'est plus ouvert à l'appel") % {"name": name}
                )
                continue
            if profile_id is None:
                profile_id = _selected_profile(application, challenge_id, call_profiles, challenge)
            allowed = decisions.allowed_profile_ids(call, challenge)
            if profile_id is None and allowed:
                # A seat "tout profil": the team says which profile, in the page.
                profile_id = chosen.get(application.pk)
                if profile_id not in allowed:
                    options = profile_options(call_profiles, challenge)
                    questions.append(ProfileQuestion(application, challenge, options))
                    continue
            targets[application.pk] = (Outcome.SELECTED, challenge_id, profile_id)
            continue
        entry = _waiting_entry(application, set(challenges))
        if entry is None:
            targets[application.pk] = (Outcome.NOT_SELECTED, None, None)
            continue
        profile_id = entry.profile_id or next(
            (
                c.profile_id
                for c in application.choices.all()
                if c.challenge_id == entry.challenge_id and c.profile_id
            ),
            None,
        )
        targets[application.pk] = (Outcome.WAITING_LIST, entry.challenge_id, profile_id)
    return targets, problems, questions


def _run_applications(run: SolverRun, ids=None):
    if ids is None:
        ids = [int(c["id"]) for c in run.instance.get("candidates", [])]
    return ids, list(
        run.call.applications.filter(pk__in=ids)
        .select_related("candidate", "decision")
        .prefetch_related(
            Prefetch("choices", queryset=ApplicationChoice.objects.order_by("rank")),
            "ranking_entries",
        )
        .order_by("last_name", "first_name", "pk")
    )


def profile_questions(run: SolverRun, challenges=None) -> list[ProfileQuestion]:
    """The placed candidates whose profile the team must give before staging the run
    (``challenges``: the call's, as ``call_challenges`` reads them, when already read)."""
    if run.kind != SolverRun.Kind.MATCHING or run.applied_at is not None:
        return []
    # Only a candidate placed on a seat "tout profil" may need a profile, and not one who
    # chose the défi with a profile or whom a jury ranked for one on it (``_selected_profile``
    # gives theirs): those are sorted out in the database, never read.
    named = {
        "application": OuterRef("application_id"),
        "challenge": OuterRef("challenge_id"),
        "profile__isnull": False,
    }
    placed = (
        run.placements.exclude(challenge=None)
        .filter(profile=None, application__isnull=False)
        .exclude(Exists(ApplicationChoice.objects.filter(**named)))
        .exclude(Exists(RankingEntry.objects.filter(**named)))
        .select_related("application__candidate")
        .order_by("application__last_name", "application__first_name", "application_id")
    )
    if challenges is None:
        challenges = call_challenges(run.call)
    by_pk = {c.pk: c for c in challenges}
    call_profiles = list(run.call.profiles.all())
    questions = []
    for placement in placed:
        challenge = by_pk.get(placement.challenge_id)
        # Left to the staging: a défi closed since the run. With one profile possible, the
        # seat is that profile's (``_selected_profile``); with none, there is none to give.
        options = profile_options(call_profiles, challenge) if challenge else []
        if len(options) > 1:
            questions.append(ProfileQuestion(placement.application, challenge, options))
    return questions


@transaction.atomic
def stage_from_run(run: SolverRun, actor, profiles=None, exception=None) -> StageReport:
    """Stage the decisions a matching run proposes (all or nothing, with every refusal).

    ``profiles``: the profile the team gave (by application pk) to candidates placed on a
    seat "tout profil" that neither they nor the jury named; ``exception``: the director's
    reason to stage before the end of the interviews (``cohorte.calls.guards``)."""
    run = SolverRun.objects.select_for_update().select_related("call").get(pk=run.pk)
    call = run.call
    if run.kind != SolverRun.Kind.MATCHING or not run.solution:
        raise MatchingError(_("Ce calcul n'est pas un appariement terminé."))
    if run.applied_at is not None:
        raise MatchingError(
            _(
                "Ce calcul a déjà servi à préparer les décisions : relancez l'appariement pour "
                "en préparer de nouvelles."
            )
        )
    ids, applications = _run_applications(run)
    if excluded_among(actor, applications):
        # The run places every candidate at once: nobody stages it without all of them.
        raise MatchingError(
            _(
                "Ce calcul comprend des candidatures sur lesquelles vous avez déclaré un conflit "
                "d'intérêts : un·e autre membre de l'équipe prépare ses décisions. Rien n'a été "
                "préparé."
            )
        )
    problems = []
    if len(applications) != len(ids):
        problems.append(_("une candidature du calcul a été supprimée depuis"))
    for application in applications:
        name = application.display_name
        decision = getattr(application, "decision", None)
        if application.status == Status.WITHDRAWN:
            problems.append(_("%(name)s : candidature retirée depuis le calcul") % {"name": name})
        elif application.status not in (Status.SUBMITTED, Status.SHORTLISTED) or (
            decision is not None and decision.status == Decision.Status.SENT
        ):
            problems.append(_("%(name)s : décision déjà envoyée") % {"name": name})
    if problems:
        raise MatchingError(
            _("Rien n'a été préparé. Relancez l'appariement : %(problems)s.")
            % {"problems": " ; ".join(problems)}
        )
    challenges = {c.pk: c for c in call_challenges(call)}
    targets, problems, questions = _targets(run, applications, challenges, call, profiles)
    problems += [
        _(
            "Profil de %(name)s sur « %(challenge)s » : choisissez-le dans la liste sous "
            "« Préparer les décisions »"
        )
        % {"name": q.application.display_name, "challenge": q.challenge.title}
        for q in questions
    ]
    if problems:
        raise MatchingError(
            _("Rien n'a été préparé. %(problems)s.") % {"problems": " ; ".join(problems)}
        )
    decisions.guard_call(call, actor, exception)
    changed = []
    unchanged = 0
    for application in applications:
        decision = getattr(application, "decision", None)
        if decision is not None:
            current = (decision.outcome, decision.challenge_id, decision.profile_id)
            if current == targets[application.pk]:
                unchanged += 1  # a validated decision stays validated
                continue
        changed.append(application)
    # Seats held by this run's candidates are freed first, so that two candidates can
    # swap défis without the seat check seeing both on the same one in between.
    for application in changed:
        decision = getattr(application, "decision", None)
        if decision is not None and decision.outcome == Outcome.SELECTED:
            decisions.unstage(decision, actor)
    staged, problems = [], []
    profiles = Expertise.objects.in_bulk({t[2] for t in targets.values()} - {None})
    order = {Outcome.SELECTED: 0, Outcome.WAITING_LIST: 1, Outcome.NOT_SELECTED: 2}
    for application in sorted(changed, key=lambda a: order[targets[a.pk][0]]):
        outcome, challenge_id, profile_id = targets[application.pk]
        try:
            staged.append(
                decisions.stage_decision(
                    application,
                    outcome,
                    challenges.get(challenge_id),
                    profiles.get(profile_id),
                    actor,
                    guarded=False,
                    source="matching",
                    run=run.pk,
                )
            )
        except decisions.DecisionError as error:
            problems.append(f"{application.display_name} : {error}")
    if problems:
        transaction.set_rollback(True)
        raise MatchingError(
            _("Rien n'a été préparé. %(problems)s") % {"problems": " ; ".join(problems)}
        )
    run.applied_at = timezone.now()
    run.save(update_fields=["applied_at"])
    counts = dict.fromkeys(Outcome.values, 0)
    for decision in staged:
        counts[decision.outcome] += 1
    record(
        "matching.staged",
        call,
        actor=actor,
        run=run.pk,
        staged=len(staged),
        unchanged=unchanged,
        **counts,
    )
    return StageReport(staged=staged, unchanged=unchanged, counts=counts)
