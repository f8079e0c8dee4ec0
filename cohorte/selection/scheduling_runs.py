"""Automatic interview scheduling in the back office: from the database to the solver and back.

``build_scheduling_instance`` turns a call's state into the pure core's instance
(``core.scheduling_instance``), ``run_scheduling`` solves it and keeps the run
(``SolverRun``: parameters, instance and solution as JSON, ids only: names are resolved
when a run is shown, so deleting an application leaves no name behind), ``apply_run``
turns a timetable into interview slots, ``invite_planned`` sends the invitations.

What goes in (ids: users ``u<pk>``, applications ``a<pk>``, panels ``p<pk>``, défis
``d<pk>``, interviews ``a<pk>-d<pk>``):

- one interview per (shortlisted application, défi it is interviewed for): its chosen
  défis that a panel of the call examines, plus the défi of each active interview slot
  it already has. An application with none of those is interviewed once by the panels
  that examine no particular défi ("general" défi), when there are such panels;
- a défi may be interviewed by the panels that examine it (by the general panels when
  none does) and by the panel of an existing slot of that défi;
- the défi's mentors (users of its operational mentors) attend all its interviews when
  they sit on one of its panels (or, with ``all_mentors``, always); they are then not
  counted as members of those panels, so they do not sit through other défis' interviews;
- days and their windows (breaks cut out) in Paris wall-clock minutes;
- unavailabilities: ``Unavailability`` rows of the call's people (a user's rows of other
  calls too: a juror is busy whatever the call), and the active interviews the solver
  may not move that are not part of the instance (another call's, a duplicate) as busy
  time of their people;
- locks: slots the team locked, and slots already sent to the candidate (invited or
  confirmed): the candidate was told, so the solver builds around them. A slot whose
  candidate asked to move (``move_requested``) or still planned may be moved. A locked
  slot on a day outside the chosen days brings its day in (same windows);
- slots already past and sent or locked count as done: that pair is not scheduled again.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.calls.models import Application, ApplicationChoice
from cohorte.challenges.models import Challenge
from cohorte.public.formats import format_date
from cohorte.reviews.exclusions import excluded_among, without_conflicts

from .core.jsonio import InstanceError
from .core.scheduling import solve_schedule
from .core.scheduling_instance import (
    Day,
    DefiPanels,
    Interview,
    SchedulingInstance,
    SlotLock,
    TimeWindow,
    Unavailability,
    validate_scheduling_instance,
)
from .core.scheduling_instance import Panel as CorePanel
from .core.scheduling_solution import ScheduledInterview
from .interviews import (
    ACTIVE,
    MAX_DURATION,
    MIN_DURATION,
    InterviewError,
    changed,
    find_clashes,
    guard_convocation,
    paris_datetime,
    send_invitation,
)
from .models import InterviewSlot, Panel, SolverRun
from .models import Unavailability as UnavailabilityRow
from .venue import venue_of

PARIS = ZoneInfo("Europe/Paris")
GENERAL = "general"
DEFAULT_WINDOWS = ((9 * 60, 12 * 60 + 30), (14 * 60, 18 * 60))
MAX_DAYS = 31
MIN_TIME_LIMIT, MAX_TIME_LIMIT, DEFAULT_TIME_LIMIT = 1, 30, 10
DEFAULT_SLOT_MINUTES = 30
# Sent to the candidate: the solver must build around them.
FIXED_STATUSES = (InterviewSlot.Status.INVITED, InterviewSlot.Status.CONFIRMED)
MOVABLE_STATUSES = (InterviewSlot.Status.PLANNED, InterviewSlot.Status.MOVE_REQUESTED)
SOLVED = ("optimal", "feasible")


def conflict_message() -> str:
    """Why a change about a candidate the user is kept away from is refused."""
    return _(
        "Vous avez déclaré un conflit d'intérêts sur cette candidature : un·e autre membre de "
        "l'équipe s'en occupe. Rien n'a changé."
    )


class SchedulingError(ValueError):
    """A scheduling action that is refused; ``messages`` lists every reason, in French."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


# Identifiers shared with the core ---------------------------------------------------------


def user_ref(pk: int) -> str:
    """The core's person id of a juror or mentor."""
    return f"u{pk}"


def candidate_ref(pk: int) -> str:
    """The core's person id of a candidate (their application)."""
    return f"a{pk}"


def panel_ref(pk: int) -> str:
    """The core's panel id."""
    return f"p{pk}"


def defi_ref(pk: int | None) -> str:
    """The core's défi id (``general`` for an interview on no particular défi)."""
    return GENERAL if pk is None else f"d{pk}"


def interview_ref(application_pk: int, challenge_pk: int | None) -> str:
    """The core's interview id of an (application, défi) pair."""
    return f"{candidate_ref(application_pk)}-{defi_ref(challenge_pk)}"


_REF = re.compile(r"^([aupd])(\d+)$")


def parse_ref(ref: str) -> tuple[str, int | None]:
    """("a", 12) for ``a12``; ("d", None) for ``general``; ValueError otherwise."""
    if ref == GENERAL:
        return "d", None
    match = _REF.match(ref)
    if not match:
        raise ValueError(f"not a scheduling id: {ref!r}")
    return match.group(1), int(match.group(2))


def parse_interview_ref(ref: str) -> tuple[int, int | None]:
    """(application pk, challenge pk or None) of an interview id."""
    candidate, _sep, defi = ref.partition("-")
    kind, application_pk = parse_ref(candidate)
    defi_kind, challenge_pk = parse_ref(defi)
    if kind != "a" or defi_kind != "d":
        raise ValueError(f"not an interview id: {ref!r}")
    return application_pk, challenge_pk


def minutes_label(minutes: int) -> str:
    """``9:00`` for 540 (the forms' notation)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


# Parameters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchedulingParameters:
    """What the team chose: days, windows and breaks (minutes, Paris time), slot length..."""

    days: tuple[datetime.date, ...]
    windows: tuple[tuple[int, int], ...] = DEFAULT_WINDOWS
    breaks: tuple[tuple[int, int], ...] = ()
    slot_minutes: int = DEFAULT_SLOT_MINUTES
    time_limit: int = DEFAULT_TIME_LIMIT
    round_id: int | None = None
    all_mentors: bool = False

    def working_windows(self) -> tuple[TimeWindow, ...]:
        """The windows with the breaks cut out."""
        pieces = []
        for start, end in sorted(self.windows):
            parts = [(start, end)]
            for b_start, b_end in self.breaks:
                parts = [
                    piece
                    for s, e in parts
                    for piece in ((s, min(e, b_start)), (max(s, b_end), e))
                    if piece[0] < piece[1]
                ]
            pieces.extend(parts)
        return tuple(TimeWindow(s, e) for s, e in sorted(pieces))

    def to_dict(self) -> dict:
        """The JSON form kept with a run."""
        return {
            "days": [d.isoformat() for d in self.days],
            "windows": [[minutes_label(s), minutes_label(e)] for s, e in self.windows],
            "breaks": [[minutes_label(s), minutes_label(e)] for s, e in self.breaks],
            "slot_minutes": self.slot_minutes,
            "time_limit": self.time_limit,
            "round_id": self.round_id,
            "all_mentors": self.all_mentors,
        }

    @classmethod
    def from_dict(cls, data: dict) -> SchedulingParameters:
        """Read back the JSON form."""

        def minutes(text):
            hours, _sep, mins = text.partition(":")
            return int(hours) * 60 + int(mins)

        return cls(
            days=tuple(datetime.date.fromisoformat(d) for d in data.get("days", [])),
            windows=tuple((minutes(s), minutes(e)) for s, e in data.get("windows", [])),
            breaks=tuple((minutes(s), minutes(e)) for s, e in data.get("breaks", [])),
            slot_minutes=int(data.get("slot_minutes", DEFAULT_SLOT_MINUTES)),
            time_limit=int(data.get("time_limit", DEFAULT_TIME_LIMIT)),
            round_id=data.get("round_id"),
            all_mentors=bool(data.get("all_mentors", False)),
        )


def check_parameters(parameters: SchedulingParameters, today=None) -> list[tuple[str, str]]:
    """Every problem of the parameters as (field name, French message); empty when valid."""
    today = today or timezone.localdate(timezone=PARIS)
    problems = []
    if not parameters.days:
        problems.append(("days", _("Indiquez au moins un jour d'audition.")))
    if len(parameters.days) > MAX_DAYS:
        problems.append(
            ("days", _("Indiquez %(max)s jours au plus à la fois.") % {"max": MAX_DAYS})
        )
    past = [d for d in parameters.days if d < today]
    if past:
        problems.append(
            (
                "days",
                _("Ces jours sont passés : %(days)s.")
                % {"days": ", ".join(format_date(d) for d in past)},
            )
        )
    for name, intervals in (("windows", parameters.windows), ("breaks", parameters.breaks)):
        for start, end in intervals:
            if end <= start:
                problems.append(
                    (
                        name,
                        _("%(start)s-%(end)s finit avant de commencer.")
                        % {"start": minutes_label(start), "end": minutes_label(end)},
                    )
                )
    if not parameters.windows:
        problems.append(("windows", _("Indiquez au moins une plage horaire.")))
    ordered = sorted(parameters.windows)
    for (s1, e1), (s2, e2) in zip(ordered, ordered[1:], strict=False):
        if s2 < e1:
            problems.append(
                (
                    "windows",
                    _("Les plages %(a)s et %(b)s se chevauchent.")
                    % {
                        "a": f"{minutes_label(s1)}-{minutes_label(e1)}",
                        "b": f"{minutes_label(s2)}-{minutes_label(e2)}",
                    },
                )
            )
    valid_windows = all(s < e for s, e in parameters.windows + parameters.breaks)
    if parameters.windows and valid_windows and not parameters.working_windows():
        problems.append(("breaks", _("Les pauses couvrent toutes les plages horaires.")))
    if not MIN_DURATION <= parameters.slot_minutes <= MAX_DURATION:
        problems.append(
            (
                "slot_minutes",
                _("La durée d'une audition doit être comprise entre %(min)s et %(max)s minutes.")
                % {"min": MIN_DURATION, "max": MAX_DURATION},
            )
        )
    if not MIN_TIME_LIMIT <= parameters.time_limit <= MAX_TIME_LIMIT:
        problems.append(
            (
                "time_limit",
                _("Le temps de calcul doit être compris entre %(min)s et %(max)s secondes.")
                % {"min": MIN_TIME_LIMIT, "max": MAX_TIME_LIMIT},
            )
        )
    return problems


def default_parameters(call, round_id: int | None = None) -> SchedulingParameters:
    """Weekdays of the rounds' interview windows from today on, 9:00-12:30 and 14:00-18:00."""
    today = timezone.localdate(timezone=PARIS)
    days = set()
    rounds = call.rounds.all() if round_id is None else call.rounds.filter(pk=round_id)
    for item in rounds:
        if item.interviews_start and item.interviews_end:
            day = max(item.interviews_start, today)
            while day <= item.interviews_end and len(days) < MAX_DAYS:
                if day.weekday() < 5:
                    days.add(day)
                day += datetime.timedelta(days=1)
    return SchedulingParameters(days=tuple(sorted(days)), round_id=round_id)


# From the database to the core ------------------------------------------------------------


@dataclass
class SchedulingInputs:
    """The core's instance and what the back office needs around it."""

    instance: SchedulingInstance
    slots: dict[str, InterviewSlot] = field(default_factory=dict)  # kept slot of an interview
    fixed: set[str] = field(default_factory=set)  # interviews locked in place
    added_days: list[datetime.date] = field(default_factory=list)  # brought in by a lock
    uncovered_challenges: list = field(default_factory=list)  # chosen, examined by no panel
    unscheduled: list = field(default_factory=list)  # shortlisted, nothing to interview for
    done: int = 0  # interviews already held (past, sent or locked)
    unavailability_rows: int = 0
    busy_slots: int = 0  # other interviews turned into busy time


@dataclass(frozen=True)
class Shortlisted:
    """A shortlisted application as the builder reads it: its pk and chosen défis' pks."""

    pk: int
    choices: tuple[int, ...]


def _is_fixed(slot: InterviewSlot) -> bool:
    return slot.locked or slot.status in FIXED_STATUSES


def _local(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(PARIS).replace(tzinfo=None)


def _minute_of(moment: datetime.datetime) -> tuple[datetime.date, int]:
    local = _local(moment)
    return local.date(), local.hour * 60 + local.minute


def local_intervals(starts_at, ends_at, days) -> list[tuple[str, int, int]]:
    """(day id, start, end) minutes of each of ``days`` that [starts_at, ends_at) covers."""
    start, end = _local(starts_at), _local(ends_at)
    out = []
    for day in days:
        midnight = datetime.datetime.combine(day, datetime.time())
        lo, hi = max(start, midnight), min(end, midnight + datetime.timedelta(days=1))
        if lo < hi:
            out.append(
                (
                    day.isoformat(),
                    int((lo - midnight).total_seconds() // 60),
                    -int(-(hi - midnight).total_seconds() // 60),  # a partial minute is busy
                )
            )
    return out


def merge_intervals(
    intervals: dict[tuple[str, str], list[tuple[int, int]]],
) -> tuple[Unavailability, ...]:
    merged = []
    for (person, day), spans in sorted(intervals.items()):
        spans.sort()
        current = list(spans[0])
        for start, end in spans[1:]:
            if start <= current[1]:
                current[1] = max(current[1], end)
            else:
                merged.append(Unavailability(person, day, current[0], current[1]))
                current = [start, end]
        merged.append(Unavailability(person, day, current[0], current[1]))
    return tuple(merged)


def scheduling_inputs(call, parameters: SchedulingParameters) -> SchedulingInputs:
    """Read the call's shortlist, panels, mentors, slots and unavailabilities (module doc)."""
    return _InstanceBuilder(call, parameters).build()


class _InstanceBuilder:
    """One reading of the database, in a fixed number of queries whatever the call's size."""

    def __init__(self, call, parameters: SchedulingParameters):
        self.call, self.parameters = call, parameters
        self.inputs = SchedulingInputs(instance=SchedulingInstance((), (), (), ()))
        self.interviews: list[Interview] = []
        self.locks: list[tuple[str, InterviewSlot]] = []
        self.defi_panels: dict[int | None, list[int]] = {}  # défi -> panels that may hear it
        self.challenges: dict[int, object] = {}
        self.kept_pks: set[int] = set()

    def build(self) -> SchedulingInputs:
        self._load()
        for application in self.applications:
            self._interviews_of(application)
        # Named on the page: only these few are read as applications.
        named = self.shortlist.select_related("candidate").in_bulk(self.inputs.unscheduled)
        self.inputs.unscheduled = [named[pk] for pk in self.inputs.unscheduled]
        panels, defis = self._panels_and_defis()
        days, locks = self._days_and_locks()
        self.inputs.instance = SchedulingInstance(
            days=tuple(Day(d.isoformat(), self.parameters.working_windows()) for d in days),
            panels=panels,
            defis=defis,
            interviews=tuple(self.interviews),
            slot_length=self.parameters.slot_minutes,
            unavailabilities=self._busy_time(days, panels, defis),
            locks=locks,
        )
        return self.inputs

    def _load(self) -> None:
        applications = self.call.applications.filter(status=Application.Status.SHORTLISTED)
        if self.parameters.round_id is not None:
            applications = applications.filter(round_id=self.parameters.round_id)
        # The shortlist is read on every view of the page: plain values, not model objects
        # (building them cost most of the page); the défis once each, by pk.
        self.shortlist = applications
        choices: dict[int, list[int]] = defaultdict(list)
        for application_pk, challenge_pk in (
            ApplicationChoice.objects.filter(application__in=applications)
            .exclude(challenge=None)
            .order_by("application_id", "rank")
            .values_list("application_id", "challenge_id")
        ):
            choices[application_pk].append(challenge_pk)
        self.applications = [
            Shortlisted(pk, tuple(choices[pk]))
            for pk in applications.order_by("last_name", "first_name", "pk").values_list(
                "pk", flat=True
            )
        ]
        self.challenge_objects = Challenge.objects.in_bulk(
            {pk for pks in choices.values() for pk in pks}
        )
        self.panels = list(
            Panel.objects.filter(call=self.call)
            .prefetch_related("members", "challenges")
            .order_by("name", "pk")
        )
        self.covering: dict[int, list[int]] = defaultdict(list)
        for panel in self.panels:
            for challenge in panel.challenges.all():
                self.covering[challenge.pk].append(panel.pk)
        self.generic = [p.pk for p in self.panels if not p.challenges.all()]
        self.slots_of: dict[int, list[InterviewSlot]] = defaultdict(list)
        for slot in (
            InterviewSlot.objects.filter(panel__call=self.call, status__in=ACTIVE)
            .select_related("challenge")
            .order_by("starts_at", "pk")
        ):
            self.slots_of[slot.application_id].append(slot)

    def _interviews_of(self, application) -> None:
        """The application's (candidate, défi) interviews, with their kept slot or lock."""
        now, inputs = timezone.now(), self.inputs
        own = sorted(
            self.slots_of[application.pk], key=lambda s: (not _is_fixed(s), s.starts_at, s.pk)
        )
        done = {s.challenge_id for s in own if s.starts_at <= now and _is_fixed(s)}
        inputs.done += len(done)
        pairs = []
        for challenge_pk in application.choices:
            challenge = self.challenge_objects[challenge_pk]
            if challenge_pk in self.covering:
                pairs.append(challenge_pk)
                self.challenges[challenge_pk] = challenge
            elif challenge not in inputs.uncovered_challenges:
                inputs.uncovered_challenges.append(challenge)
        for slot in own:
            pairs.append(slot.challenge_id)
            if slot.challenge_id is not None:
                self.challenges[slot.challenge_id] = slot.challenge
        if not pairs and not done and self.generic:
            pairs.append(None)
        pairs = [p for p in dict.fromkeys(pairs) if p not in done]
        if not pairs and not done:
            inputs.unscheduled.append(application.pk)
        for challenge_pk in pairs:
            ref = interview_ref(application.pk, challenge_pk)
            allowed = self.defi_panels.setdefault(
                challenge_pk, list(self.covering.get(challenge_pk, ())) if challenge_pk else []
            )
            if challenge_pk is None or not self.covering.get(challenge_pk):
                allowed.extend(p for p in self.generic if p not in allowed)
            length = None
            slot = next((s for s in own if s.challenge_id == challenge_pk), None)
            if slot is not None:
                self.kept_pks.add(slot.pk)
                inputs.slots[ref] = slot
                if slot.panel_id not in allowed:
                    allowed.append(slot.panel_id)
                if _is_fixed(slot):
                    inputs.fixed.add(ref)
                    self.locks.append((ref, slot))
                    if slot.duration_minutes != self.parameters.slot_minutes:
                        length = slot.duration_minutes
            self.interviews.append(
                Interview(ref, candidate_ref(application.pk), defi_ref(challenge_pk), length)
            )

    def _panels_and_defis(self) -> tuple[tuple[CorePanel, ...], tuple[DefiPanels, ...]]:
        """Panels with their jurors, défis with their panels and attending mentors."""
        from cohorte.people.models import Role

        panel_by_pk = {p.pk: p for p in self.panels}
        rows = Role.objects.filter(
            kind=Role.Kind.OPERATIONAL_MENTOR,
            challenge_id__in=[pk for pk in self.defi_panels if pk is not None],
            person__user__isnull=False,
            person__user__is_active=True,
        ).values_list("challenge_id", "person__user_id")
        mentors_of: dict[int | None, set[int]] = defaultdict(set)
        for challenge_pk, user_pk in rows:
            sitting = {
                m.pk for p in self.defi_panels[challenge_pk] for m in panel_by_pk[p].members.all()
            }
            if self.parameters.all_mentors or user_pk in sitting:
                mentors_of[challenge_pk].add(user_pk)
        # A mentor sitting on a panel attends their défi's interviews, not the panel's others.
        attending_on: dict[int, set[int]] = defaultdict(set)
        for challenge_pk, allowed in self.defi_panels.items():
            for panel_pk in allowed:
                attending_on[panel_pk] |= mentors_of[challenge_pk]
        used = [p for p in self.panels if any(p.pk in a for a in self.defi_panels.values())]
        panels = tuple(
            CorePanel(
                panel_ref(p.pk),
                tuple(
                    user_ref(m.pk)
                    for m in sorted(p.members.all(), key=lambda m: m.pk)
                    if m.pk not in attending_on[p.pk]
                ),
            )
            for p in used
        )
        order = {p.pk: k for k, p in enumerate(used)}
        defis = tuple(
            DefiPanels(
                defi_ref(pk),
                tuple(panel_ref(p) for p in sorted(self.defi_panels[pk], key=order.__getitem__)),
                tuple(user_ref(u) for u in sorted(mentors_of[pk])),
            )
            for pk in sorted(
                self.defi_panels,
                key=lambda pk: (pk is None, self.challenges[pk].title if pk else "", pk or 0),
            )
        )
        return panels, defis

    def _days_and_locks(self) -> tuple[list[datetime.date], tuple[SlotLock, ...]]:
        """The chosen days plus those of locked slots; the locks in Paris wall-clock time."""
        days = set(self.parameters.days)
        locks = []
        for ref, slot in self.locks:
            day, minute = _minute_of(slot.starts_at)
            if day not in days:
                days.add(day)
                self.inputs.added_days.append(day)
            locks.append(SlotLock(ref, day.isoformat(), minute, panel_ref(slot.panel_id)))
        self.inputs.added_days.sort()
        return sorted(days), tuple(locks)

    def _busy_time(self, days, panels, defis) -> tuple[Unavailability, ...]:
        """Unavailabilities and other interviews of the instance's people, clipped to days."""
        if not days:
            return ()
        user_pks = {parse_ref(m)[1] for p in panels for m in p.members}
        user_pks |= {parse_ref(m)[1] for d in defis for m in d.mentors}
        application_pks = {a.pk for a in self.applications}
        busy: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        range_start = paris_midnight(days[0])
        range_end = paris_midnight(days[-1] + datetime.timedelta(days=1))
        rows = UnavailabilityRow.objects.filter(
            Q(call=self.call) | Q(user_id__in=user_pks),
            ends_at__gt=range_start,
            starts_at__lt=range_end,
        ).only("user_id", "application_id", "starts_at", "ends_at")
        for row in rows:
            if row.user_id in user_pks:
                person = user_ref(row.user_id)
            elif row.application_id in application_pks:
                person = candidate_ref(row.application_id)
            else:
                continue
            self.inputs.unavailability_rows += 1
            for day, start, end in local_intervals(row.starts_at, row.ends_at, days):
                busy[person, day].append((start, end))
        others = (
            InterviewSlot.objects.filter(
                status__in=ACTIVE,
                starts_at__lt=range_end,
                starts_at__gt=range_start - datetime.timedelta(minutes=MAX_DURATION),
            )
            .filter(Q(panel__call=self.call) | Q(panel__members__in=user_pks))
            .exclude(pk__in=self.kept_pks)
            .prefetch_related("panel__members")
            .order_by("pk")
            .distinct()
        )
        for slot in others:
            people = {user_ref(m.pk) for m in slot.panel.members.all() if m.pk in user_pks}
            if slot.application_id in application_pks:
                people.add(candidate_ref(slot.application_id))
            self.inputs.busy_slots += bool(people)
            for person in people:
                for day, start, end in local_intervals(slot.starts_at, slot.ends_at, days):
                    busy[person, day].append((start, end))
        return merge_intervals(busy)


def paris_midnight(day: datetime.date) -> datetime.datetime:
    """The start of a day in Paris, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time()).replace(tzinfo=PARIS)


def build_scheduling_instance(
    call, days, windows=DEFAULT_WINDOWS, breaks=(), slot_minutes=DEFAULT_SLOT_MINUTES, **options
) -> SchedulingInstance:
    """The core's instance of a call (see the module docstring); windows in minutes."""
    parameters = SchedulingParameters(
        days=tuple(sorted(days)),
        windows=tuple(windows),
        breaks=tuple(breaks),
        slot_minutes=slot_minutes,
        **options,
    )
    return scheduling_inputs(call, parameters).instance


# Running the solver -----------------------------------------------------------------------


def solver_workers() -> int:
    """CP-SAT threads for a run (setting ``COHORTE_SOLVER_WORKERS``, 2 by default)."""
    return int(getattr(settings, "COHORTE_SOLVER_WORKERS", 2))


def run_scheduling(call, actor, parameters: SchedulingParameters) -> SolverRun:
    """Solve the call's interview timetable and keep the run (audited "scheduling.run")."""
    problems = check_parameters(parameters)
    if problems:
        raise SchedulingError([message for _field, message in problems])
    if parameters.round_id is not None and not call.rounds.filter(pk=parameters.round_id).exists():
        raise SchedulingError(_("Cette session n'appartient pas à l'appel."))
    inputs = scheduling_inputs(call, parameters)
    instance = inputs.instance
    if not instance.interviews:
        raise SchedulingError(
            _(
                "Rien à planifier : aucune candidature présélectionnée n'attend d'audition "
                "devant un jury de l'appel."
            )
        )
    invalid = validate_scheduling_instance(instance)
    if invalid:
        raise SchedulingError(
            [_("Données incohérentes : %(problem)s.") % {"problem": p} for p in invalid]
        )
    try:
        solution = solve_schedule(
            instance, time_limit=parameters.time_limit, num_workers=solver_workers()
        )
    except InstanceError as error:  # validated above: kept for safety
        raise SchedulingError(error.problems) from error
    with transaction.atomic():
        run = SolverRun.objects.create(
            call=call,
            kind=SolverRun.Kind.SCHEDULING,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            parameters=parameters.to_dict(),
            instance=instance.to_dict(),
            solution=solution.to_dict(),
            status=solution.status,
        )
        record(
            "scheduling.run",
            call,
            actor=actor,
            run_id=run.pk,
            status=solution.status,
            interviews=len(instance.interviews),
            days_used=solution.days_used,
            lower_bound=solution.lower_bound,
        )
    return run


# Applying a timetable ---------------------------------------------------------------------


@dataclass
class PlannedChange:
    """One interview of a timetable and what applying it does."""

    interview: str
    application_pk: int
    challenge_pk: int | None
    panel_pk: int
    starts_at: datetime.datetime
    duration: int
    slot: InterviewSlot | None = None  # the slot moved or kept, None for a new one


@dataclass
class ApplyPlan:
    """What applying a run changes: slots created, moved, left as they are, kept locked."""

    create: list[PlannedChange] = field(default_factory=list)
    move: list[PlannedChange] = field(default_factory=list)
    unchanged: list[PlannedChange] = field(default_factory=list)
    kept: list[PlannedChange] = field(default_factory=list)


_PARTS = (
    ("interviews", "les auditions à planifier (candidatures présélectionnées, défis, jurys)"),
    ("panels", "la composition des jurys"),
    ("defis", "les jurys ou les mentors des défis"),
    ("locks", "les auditions verrouillées ou déjà envoyées"),
    ("unavailabilities", "les indisponibilités ou les autres auditions des mêmes personnes"),
    ("days", "les jours d'audition"),
)


def plan_changes(run: SolverRun) -> ApplyPlan:
    """What ``apply_run`` would do; refused when the run cannot or may no longer be applied."""
    if run.kind != SolverRun.Kind.SCHEDULING:
        raise SchedulingError(_("Ce calcul n'est pas une planification des auditions."))
    if run.applied_at is not None:
        raise SchedulingError(_("Ce planning est déjà appliqué."))
    if run.status not in SOLVED:
        raise SchedulingError(_("Ce calcul n'a pas produit de planning : rien à appliquer."))
    parameters = SchedulingParameters.from_dict(run.parameters)
    inputs = scheduling_inputs(run.call, parameters)
    current = inputs.instance.to_dict()
    changed = [str(_(label)) for key, label in _PARTS if current.get(key) != run.instance.get(key)]
    if changed:
        raise SchedulingError(
            _(
                "Les données ont changé depuis ce calcul (%(what)s) : relancez la "
                "planification avant de l'appliquer."
            )
            % {"what": ", ".join(changed)}
        )
    lengths = {i.id: inputs.instance.length_of(i) for i in inputs.instance.interviews}
    plan = ApplyPlan()
    now = timezone.now()
    for raw in run.solution.get("timetable", []):
        row = ScheduledInterview.from_dict(raw)
        application_pk, challenge_pk = parse_interview_ref(row.interview)
        day = datetime.date.fromisoformat(row.day)
        try:
            starts_at = paris_datetime(day, datetime.time(row.start // 60, row.start % 60))
        except InterviewError as error:
            raise SchedulingError(error.messages) from error
        change = PlannedChange(
            row.interview,
            application_pk,
            challenge_pk,
            parse_ref(row.panel)[1],
            starts_at,
            lengths[row.interview],
            inputs.slots.get(row.interview),
        )
        if row.interview in inputs.fixed:
            plan.kept.append(change)
            continue
        if starts_at <= now:
            raise SchedulingError(
                _("Ce planning place une audition le %(day)s, déjà passé : relancez-le.")
                % {"day": format_date(day)}
            )
        slot = change.slot
        if slot is None:
            plan.create.append(change)
        elif (
            slot.starts_at == starts_at
            and slot.panel_id == change.panel_pk
            and slot.duration_minutes == change.duration
            and slot.status == InterviewSlot.Status.PLANNED
        ):
            plan.unchanged.append(change)
        else:
            plan.move.append(change)
    return plan


def apply_run(run: SolverRun, actor, exception=None) -> ApplyPlan:
    """Turn a run's timetable into planned slots, all or nothing (audited "scheduling.applied").

    New interviews get a planned slot; planned (or move-requested) slots that are not
    locked are moved; locked, invited and confirmed ones are never touched. A candidate
    who asked to move and holds the invitation gets the new time at once. Like an interview
    scheduled by hand, not before the candidates' rounds close, but on the director's
    ``exception`` (``calls.guards``).
    """
    with transaction.atomic():
        run = (
            SolverRun.objects.select_for_update(of=("self",)).select_related("call").get(pk=run.pk)
        )
        # Lock the call's panels: a slot scheduled by hand meanwhile waits for us.
        list(Panel.objects.select_for_update().filter(call=run.call).values_list("pk"))
        plan = plan_changes(run)
        applications = Application.objects.in_bulk(
            {c.application_pk for c in plan.create + plan.move}
        )
        if excluded_among(actor, applications.values()):
            # A timetable is applied whole: nobody applies it without all of its interviews.
            raise SchedulingError(
                _(
                    "Ce planning place des auditions de candidatures sur lesquelles vous avez "
                    "déclaré un conflit d'intérêts : un·e autre membre de l'équipe l'applique. "
                    "Rien n'a changé."
                )
            )
        planned = [applications[pk] for pk in sorted(applications)]
        if planned:
            try:
                guard_convocation(planned, actor, exception)
            except InterviewError as error:
                raise SchedulingError(error.messages) from error
        touched, moved = [], []
        for change in plan.create:
            slot = InterviewSlot.objects.create(
                panel_id=change.panel_pk,
                application_id=change.application_pk,
                challenge_id=change.challenge_pk,
                starts_at=change.starts_at,
                duration_minutes=change.duration,
            )
            change.slot = slot
            touched.append(slot)
            record(
                "interview.scheduled",
                applications[change.application_pk],
                actor=actor,
                slot_id=slot.pk,
                panel_id=change.panel_pk,
                starts_at=change.starts_at.isoformat(),
                duration_minutes=change.duration,
                challenge_id=change.challenge_pk,
                run_id=run.pk,
            )
        for change in plan.move:
            slot = change.slot
            before = {"starts_at": slot.starts_at.isoformat(), "panel_id": slot.panel_id}
            seen = (slot.starts_at, slot.duration_minutes, venue_of(slot, slot.panel))
            slot.panel_id, slot.starts_at = change.panel_pk, change.starts_at
            slot.duration_minutes = change.duration
            slot.save(update_fields=["panel", "starts_at", "duration_minutes"])
            slot.panel = Panel.objects.get(pk=change.panel_pk)
            now_seen = (slot.starts_at, slot.duration_minutes, venue_of(slot, slot.panel))
            moved.append((slot, now_seen != seen))
            touched.append(slot)
            record(
                "interview.moved",
                applications[change.application_pk],
                actor=actor,
                slot_id=slot.pk,
                before=before,
                starts_at=change.starts_at.isoformat(),
                panel_id=change.panel_pk,
                duration_minutes=change.duration,
                run_id=run.pk,
            )
        # The timetable is valid for its instance; this catches what the instance cannot
        # see (a panel without members busy elsewhere) and anything changed meanwhile.
        clashes = []
        panels = Panel.objects.in_bulk({s.panel_id for s in touched})
        for slot in touched:
            clashes += find_clashes(
                panels[slot.panel_id],
                applications[slot.application_id],
                slot.starts_at,
                slot.duration_minutes,
                exclude_pk=slot.pk,
            )
        if clashes:
            raise SchedulingError(list(dict.fromkeys(clashes)))
        for slot, new_for_the_candidate in moved:
            if new_for_the_candidate:
                changed(slot, actor)  # the update reaches a candidate who had the invitation
            elif slot.status != InterviewSlot.Status.PLANNED:
                slot.status = InterviewSlot.Status.PLANNED  # kept as it was: the team decides
                slot.save(update_fields=["status"])
        run.applied_at = timezone.now()
        run.save(update_fields=["applied_at"])
        record(
            "scheduling.applied",
            run.call,
            actor=actor,
            run_id=run.pk,
            created=sorted(c.slot.pk for c in plan.create),
            moved=sorted(c.slot.pk for c in plan.move),
            unchanged=len(plan.unchanged),
            kept=len(plan.kept),
        )
    return plan


# Invitations ------------------------------------------------------------------------------


def invitable_slots(call):
    """Planned future interviews of the call's shortlisted candidates, in time order."""
    return (
        InterviewSlot.objects.filter(
            panel__call=call,
            status=InterviewSlot.Status.PLANNED,
            starts_at__gt=timezone.now(),
            application__status=Application.Status.SHORTLISTED,
        )
        .select_related("application__call", "application__candidate", "panel", "challenge")
        .order_by("starts_at", "panel__name", "pk")
    )


def invite_planned(call, actor, exception=None) -> list:
    """Send every planned interview's invitation (e-mail with .ics), all or nothing; those of
    candidates the actor is kept away from are left to another member of the team. Not
    before the candidates' rounds close, but on the director's exception."""
    slots = list(without_conflicts(invitable_slots(call), actor))
    if not slots:
        raise SchedulingError(_("Aucune audition prévue n'attend son invitation."))
    with transaction.atomic():
        try:
            guard_convocation([slot.application for slot in slots], actor, exception)
            return [send_invitation(slot, actor, guarded=False) for slot in slots]
        except InterviewError as error:
            raise SchedulingError(error.messages) from error
