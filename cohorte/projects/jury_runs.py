"""Composing the défi jury in the back office: from the database to ``solve_jury`` and back.

``jury_inputs`` turns a call for projects into the pure core's ``JuryInstance``
(``cohorte.selection.core.jury``), ``run_jury`` solves it and keeps the run
(``SolverRun`` of kind JURY: parameters, instance and solution as JSON, ids only: names
are resolved when a run is shown), ``apply_run`` turns the panels and the timetable into
``Panel`` and ``Audition`` rows, all or nothing.

What goes in (ids: jurors ``u<user pk>``, défis ``d<proposal pk>``, organisations
``o<organisation pk>``):

- the défis: the call's shortlisted proposals (of one session when chosen), with their
  administration; each lists the jurors who may not judge it: a declared conflict of
  interest (``reviews.Conflict``), or an account acting for that administration. A juror
  whose pool organisation is the défi's is kept apart by the core itself;
- the jurors: the call's active pool (``JuryPoolMember``) with their category;
- the days and their windows (breaks cut out), in Paris wall-clock minutes, and the
  audition length, ``ProjectCallSettings.audition_minutes`` (alignment, pitch, questions,
  deliberation);
- the jurors' busy time on those days: their ``Unavailability`` rows (of any call: a
  juror is busy whatever the call), the candidates' interviews of their panels and the
  auditions of other calls' panels they sit on.

Panels with a locked audition are kept as they are, with their members, défis and
auditions: they are left out of the instance and the run composes the other panels. With
a session chosen (calls holding a jury every two months), the panels of other sessions'
défis are left alone too; their jurors may sit again, their auditions are busy time.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.public.formats import format_date
from cohorte.reviews.exclusions import excluded_among
from cohorte.reviews.models import Conflict, Review
from cohorte.selection.core.jsonio import InstanceError
from cohorte.selection.core.jury import (
    DefiAudition,
    Juror,
    JuryInstance,
    JurySolution,
    solve_jury,
    validate_jury_instance,
)
from cohorte.selection.core.scheduling_instance import Day
from cohorte.selection.interviews import ACTIVE, MAX_DURATION, InterviewError, paris_datetime
from cohorte.selection.models import InterviewSlot, Panel, SolverRun, Unavailability
from cohorte.selection.scheduling_runs import (
    SOLVED,
    SchedulingParameters,
    check_parameters,
    default_parameters,
    local_intervals,
    merge_intervals,
    paris_midnight,
    solver_workers,
)

from .models import Audition, JuryPoolMember, OrganisationMember, PanelVerdict, Proposal
from .models.proposal import ProjectCallSettings

PANEL_PREFIX = "Jury des défis"
MAX_PANELS = 30
SIZE_LIMITS = (1, 20)  # what the form accepts; the programme's rule is 5-8
DEFIS_LIMITS = (1, 6)  # the programme's rule is 2-3


class JuryError(ValueError):
    """A jury action that is refused; ``messages`` lists every reason, in French."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


# Identifiers shared with the core ----------------------------------------------------------


def juror_ref(pk: int) -> str:
    """The core's id of a juror (a user)."""
    return f"u{pk}"


def defi_ref(pk: int) -> str:
    """The core's id of a défi (a proposal)."""
    return f"d{pk}"


def organisation_ref(pk: int | None) -> str | None:
    """The core's id of an organisation."""
    return None if pk is None else f"o{pk}"


def ref_pk(ref: str) -> int:
    """The database pk behind ``u12``, ``d12`` or ``audition:d12``."""
    return int(ref.rpartition(":")[2][1:])


def panel_index(ref: str) -> int:
    """0 for the core's ``jury1``."""
    return int(ref.removeprefix("jury")) - 1


def call_settings(call) -> ProjectCallSettings:
    """The call's project settings (the defaults, unsaved, when the team set none)."""
    try:
        return call.project_settings
    except ProjectCallSettings.DoesNotExist:
        return ProjectCallSettings(call=call)


def panel_names(taken: set[str], count: int) -> list[str]:
    """``count`` names "Jury des défis k", k the smallest numbers not already ``taken``."""
    names, k = [], 1
    while len(names) < count:
        name = f"{PANEL_PREFIX} {k}"
        if name not in taken:
            names.append(name)
        k += 1
    return names


# Parameters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class JuryParameters:
    """The team's choice: the days and windows (``schedule``), how many panels, their sizes."""

    schedule: SchedulingParameters
    n_panels: int = 1
    panel_size: tuple[int, int] = (5, 8)
    defis_per_panel: tuple[int, int] = (2, 3)

    def to_dict(self) -> dict:
        """The JSON form kept with a run."""
        return {
            **self.schedule.to_dict(),
            "n_panels": self.n_panels,
            "panel_size": list(self.panel_size),
            "defis_per_panel": list(self.defis_per_panel),
        }

    @classmethod
    def from_dict(cls, data: dict) -> JuryParameters:
        """Read back the JSON form."""
        return cls(
            schedule=SchedulingParameters.from_dict(data),
            n_panels=int(data.get("n_panels", 1)),
            panel_size=tuple(data.get("panel_size", (5, 8))),
            defis_per_panel=tuple(data.get("defis_per_panel", (2, 3))),
        )


def check_jury_parameters(parameters: JuryParameters) -> list[tuple[str | None, str]]:
    """Every problem of the parameters as (field name or None, French message)."""
    problems = [
        (name if name != "slot_minutes" else None, message)
        for name, message in check_parameters(parameters.schedule)
    ]
    if not 1 <= parameters.n_panels <= MAX_PANELS:
        problems.append(("n_panels", _("Composez de 1 à %(max)s jurys.") % {"max": MAX_PANELS}))
    for name, (low, high), (least, most), what in (
        ("panel_size", parameters.panel_size, SIZE_LIMITS, _("membres par jury")),
        ("defis_per_panel", parameters.defis_per_panel, DEFIS_LIMITS, _("défis par jury")),
    ):
        if not least <= low <= high <= most:
            problems.append(
                (
                    name,
                    _(
                        "Les %(what)s vont d'un minimum à un maximum compris entre %(least)s "
                        "et %(most)s (le minimum ne dépasse pas le maximum)."
                    )
                    % {"what": what, "least": least, "most": most},
                )
            )
    return problems


def default_jury_parameters(call, round_id: int | None = None) -> JuryParameters:
    """The sessions' audition weekdays, 9:00-12:30 and 14:00-18:00, enough panels for the
    shortlist (three défis each)."""
    schedule = default_parameters(call, round_id)
    shortlisted = call.proposals.filter(status=Proposal.Status.SHORTLISTED)
    if round_id is not None:
        shortlisted = shortlisted.filter(round_id=round_id)
    return JuryParameters(
        schedule=SchedulingParameters(
            days=schedule.days,
            windows=schedule.windows,
            breaks=schedule.breaks,
            slot_minutes=call_settings(call).audition_minutes,
            time_limit=schedule.time_limit,
            round_id=round_id,
        ),
        n_panels=max(1, math.ceil(shortlisted.count() / 3)),
    )


# From the database to the core ------------------------------------------------------------


@dataclass
class JuryInputs:
    """The core's instance and what the back office shows around it."""

    instance: JuryInstance
    proposals: dict[int, Proposal] = field(default_factory=dict)  # défis to place, by pk
    pool: list = field(default_factory=list)  # JuryPoolMember rows to seat
    kept_panels: list = field(default_factory=list)  # panels with a locked audition
    replaced_panels: list = field(default_factory=list)  # panels the run may recompose
    # Per proposal pk: (user, reason) of the jurors who may not judge it.
    conflicts: dict[int, list[tuple[object, str]]] = field(default_factory=dict)
    unavailability_rows: int = 0
    busy_meetings: int = 0  # interviews and auditions elsewhere turned into busy time


def jury_inputs(call, parameters: JuryParameters) -> JuryInputs:
    """Read the call's shortlist, pool, conflicts and busy time (module doc), in few queries.

    With a session chosen, the panels that audition another session's défis are left as
    they are (their jurors stay free for this session, their auditions are busy time).
    """
    round_id = parameters.schedule.round_id
    locked = set(
        Audition.objects.filter(panel__call=call, locked=True).values_list("panel_id", flat=True)
    )
    kept, replaced, elsewhere = [], [], []
    # Only ids are read from the panels' members and défis: the défis' content stays unread.
    for panel in (
        Panel.objects.filter(call=call)
        .prefetch_related(
            Prefetch("members", queryset=get_user_model().objects.only("pk")),
            Prefetch("proposals", queryset=Proposal.objects.only("pk", "round_id")),
        )
        .order_by("name", "pk")
    ):
        if round_id is not None and any(p.round_id != round_id for p in panel.proposals.all()):
            elsewhere.append(panel)
        elif panel.pk in locked:
            kept.append(panel)
        else:
            replaced.append(panel)
    kept_proposals = {p.pk for panel in kept + elsewhere for p in panel.proposals.all()}
    kept_proposals |= set(
        Audition.objects.filter(panel__in=kept + elsewhere).values_list("proposal_id", flat=True)
    )
    kept_users = {m.pk for panel in kept for m in panel.members.all()}
    proposals = Proposal.objects.filter(call=call, status=Proposal.Status.SHORTLISTED)
    if round_id is not None:
        proposals = proposals.filter(round_id=round_id)
    proposals = {
        p.pk: p
        for p in proposals.exclude(pk__in=kept_proposals)
        .select_related("organisation")
        .only("title", "round_id", "organisation_id", "organisation__name")
        .order_by("pk")
    }
    pool = list(
        JuryPoolMember.objects.filter(call=call, user__is_active=True)
        .exclude(user_id__in=kept_users)
        .select_related("user")
        .only("category", "organisation_id", "user__first_name", "user__last_name", "user__email")
        .order_by("user_id")
    )
    users = {member.user_id: member.user for member in pool}
    reasons: dict[int, dict[int, str]] = defaultdict(dict)
    org_of = defaultdict(list)
    for proposal in proposals.values():
        org_of[proposal.organisation_id].append(proposal.pk)
    same_organisation = _("même organisation")
    for member in pool:
        if member.organisation_id:
            for proposal_pk in org_of.get(member.organisation_id, ()):
                reasons[proposal_pk][member.user_id] = same_organisation
    # The core keeps a juror from their pool organisation's défis; the rest is listed.
    listed: dict[int, set[int]] = defaultdict(set)
    for user_pk, organisation_pk in OrganisationMember.objects.filter(
        user_id__in=users, organisation_id__in=org_of
    ).values_list("user_id", "organisation_id"):
        for proposal_pk in org_of[organisation_pk]:
            reasons[proposal_pk].setdefault(user_pk, _("compte de l'administration"))
            listed[proposal_pk].add(user_pk)
    for proposal_pk, user_pk in Conflict.objects.filter(
        proposal_id__in=proposals, reviewer_id__in=users
    ).values_list("proposal_id", "reviewer_id"):
        reasons[proposal_pk].setdefault(user_pk, _("conflit d'intérêts déclaré"))
        listed[proposal_pk].add(user_pk)
    days = sorted(parameters.schedule.days)
    inputs = JuryInputs(
        instance=JuryInstance((), (), parameters.n_panels),
        proposals=proposals,
        pool=pool,
        kept_panels=kept,
        replaced_panels=replaced,
        conflicts={
            pk: [(users[u], reason) for u, reason in sorted(found.items())]
            for pk, found in reasons.items()
        },
    )
    busy = _busy_time(inputs, set(users), days)
    windows = parameters.schedule.working_windows()
    inputs.instance = JuryInstance(
        jurors=tuple(
            Juror(juror_ref(m.user_id), m.category, organisation_ref(m.organisation_id))
            for m in pool
        ),
        defis=tuple(
            DefiAudition(
                defi_ref(p.pk),
                organisation_ref(p.organisation_id),
                tuple(juror_ref(u) for u in sorted(listed[p.pk])),
            )
            for p in proposals.values()
        ),
        n_panels=parameters.n_panels,
        days=tuple(Day(d.isoformat(), windows) for d in days),
        panel_size=tuple(parameters.panel_size),
        defis_per_panel=tuple(parameters.defis_per_panel),
        audition_length=parameters.schedule.slot_minutes,
        unavailabilities=busy,
    )
    return inputs


def _busy_time(inputs: JuryInputs, user_pks: set[int], days) -> tuple:
    """Unavailabilities, interviews and other auditions of the jurors, clipped to days."""
    if not days or not user_pks:
        return ()
    busy: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    start = paris_midnight(days[0])
    end = paris_midnight(days[-1] + datetime.timedelta(days=1))
    rows = Unavailability.objects.filter(
        user_id__in=user_pks, ends_at__gt=start, starts_at__lt=end
    ).only("user_id", "starts_at", "ends_at")
    for row in rows:
        inputs.unavailability_rows += 1
        for day, low, high in local_intervals(row.starts_at, row.ends_at, days):
            busy[juror_ref(row.user_id), day].append((low, high))
    earliest = start - datetime.timedelta(minutes=MAX_DURATION)
    meetings = list(
        InterviewSlot.objects.filter(
            status__in=ACTIVE,
            starts_at__lt=end,
            starts_at__gt=earliest,
            panel__members__in=user_pks,
        )
        .prefetch_related("panel__members")
        .order_by("pk")
        .distinct()
    )
    meetings += list(
        Audition.objects.filter(starts_at__lt=end, starts_at__gt=earliest)
        .filter(panel__members__in=user_pks)
        .exclude(panel__in=inputs.replaced_panels)
        .prefetch_related("panel__members")
        .order_by("pk")
        .distinct()
    )
    for meeting in meetings:
        people = [m.pk for m in meeting.panel.members.all() if m.pk in user_pks]
        inputs.busy_meetings += bool(people)
        for person in people:
            for day, low, high in local_intervals(meeting.starts_at, meeting.ends_at, days):
                busy[juror_ref(person), day].append((low, high))
    return merge_intervals(busy)


# Running the solver -----------------------------------------------------------------------


def run_jury(call, actor, parameters: JuryParameters) -> SolverRun:
    """Compose the call's panels and time their auditions; keep the run (audited
    "defi_jury.run")."""
    problems = check_jury_parameters(parameters)
    if problems:
        raise JuryError([message for _field, message in problems])
    round_id = parameters.schedule.round_id
    if round_id is not None and not call.rounds.filter(pk=round_id).exists():
        raise JuryError(_("Cette session n'appartient pas à l'appel."))
    inputs = jury_inputs(call, parameters)
    instance = inputs.instance
    if not instance.defis:
        raise JuryError(
            _(
                "Aucun défi à auditionner : aucune proposition n'est « retenue pour le jury » "
                "en dehors des jurys conservés."
            )
        )
    if not instance.jurors:
        raise JuryError(_("Le vivier de jurés est vide : ajoutez des jurés avant le calcul."))
    invalid = validate_jury_instance(instance)
    if invalid:
        raise JuryError(
            [_("Données incohérentes : %(problem)s.") % {"problem": p} for p in invalid]
        )
    try:
        solution = solve_jury(
            instance, time_limit=parameters.schedule.time_limit, num_workers=solver_workers()
        )
    except InstanceError as error:  # validated above: kept for safety
        raise JuryError(error.problems) from error
    stored = parameters.to_dict() | {
        "kept_panels": [p.pk for p in inputs.kept_panels],
        "replaced_panels": [p.pk for p in inputs.replaced_panels],
        "panel_names": panel_names(
            {p.name for p in Panel.objects.filter(call=call)}
            - {p.name for p in inputs.replaced_panels},
            parameters.n_panels,
        ),
    }
    with transaction.atomic():
        run = SolverRun.objects.create(
            call=call,
            kind=SolverRun.Kind.JURY,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            parameters=stored,
            instance=instance.to_dict(),
            solution=solution.to_dict(),
            status=solution.status,
        )
        record(
            "defi_jury.run",
            call,
            actor=actor,
            run_id=run.pk,
            status=solution.status,
            panels=parameters.n_panels,
            defis=len(instance.defis),
            jurors=len(instance.jurors),
            imbalance=solution.imbalance,
        )
    return run


# Applying a run ---------------------------------------------------------------------------

_PARTS = (
    ("jurors", "le vivier de jurés"),
    ("defis", "les défis retenus pour le jury ou leurs conflits d'intérêts"),
    ("unavailabilities", "les indisponibilités des jurés ou leurs autres auditions"),
    ("days", "les jours d'audition"),
    ("audition_length", "la durée d'une audition"),
)


@dataclass
class ApplyPlan:
    """What applying a run does: panels and auditions created, changed, removed."""

    panels: list = field(default_factory=list)  # (Panel or None, name, member pks, proposal pks)
    create: list = field(default_factory=list)  # (proposal pk, panel index, starts_at)
    move: list = field(default_factory=list)  # (Audition, panel index, starts_at)
    unchanged: list = field(default_factory=list)
    removed_auditions: list = field(default_factory=list)
    removed_panels: list = field(default_factory=list)


def plan_changes(run: SolverRun) -> ApplyPlan:
    """What ``apply_run`` would do; refused when the run cannot or may no longer be applied."""
    if run.kind != SolverRun.Kind.JURY:
        raise JuryError(_("Ce calcul n'est pas une composition du jury des défis."))
    if run.applied_at is not None:
        raise JuryError(_("Cette composition est déjà appliquée."))
    if run.status not in SOLVED:
        raise JuryError(_("Ce calcul n'a pas trouvé de jury : rien à appliquer."))
    parameters = JuryParameters.from_dict(run.parameters)
    inputs = jury_inputs(run.call, parameters)
    current = inputs.instance.to_dict()
    changed = [str(_(label)) for key, label in _PARTS if current.get(key) != run.instance.get(key)]
    for key, panels, label in (
        ("kept_panels", inputs.kept_panels, _("les jurys conservés (auditions verrouillées)")),
        ("replaced_panels", inputs.replaced_panels, _("les jurys de l'appel")),
    ):
        if sorted(p.pk for p in panels) != sorted(run.parameters.get(key, [])):
            changed.append(label)
    if changed:
        raise JuryError(
            _(
                "Les données ont changé depuis ce calcul (%(what)s) : relancez la composition "
                "avant de l'appliquer."
            )
            % {"what": ", ".join(changed)}
        )
    replaced = inputs.replaced_panels
    started = sorted(
        set(PanelVerdict.objects.filter(panel__in=replaced).values_list("panel__name", flat=True))
        | set(
            Review.objects.filter(panel__in=replaced, proposal__isnull=False).values_list(
                "panel__name", flat=True
            )
        )
    )
    if started:
        raise JuryError(
            _(
                "Ces jurys ont déjà rempli des grilles collectives ou rendu leurs avis : "
                "%(names)s. Verrouillez une de leurs auditions pour les conserver tels quels, "
                "puis relancez la composition."
            )
            % {"names": ", ".join(f"« {n} »" for n in started)}
        )
    solution = JurySolution.from_dict(run.solution)
    names = run.parameters["panel_names"]
    by_name = {p.name: p for p in replaced}
    spare = [p for p in replaced if p.name not in names]
    plan = ApplyPlan()
    for k, core_panel in enumerate(solution.panels):
        row = by_name.get(names[k]) or (spare.pop(0) if spare else None)
        plan.panels.append(
            (
                row,
                names[k],
                [ref_pk(m) for m in core_panel.members],
                [ref_pk(d) for d in core_panel.defis],
            )
        )
    plan.removed_panels = spare
    existing = {
        a.proposal_id: a
        for a in Audition.objects.filter(proposal__call=run.call).select_related(
            "panel", "proposal"
        )
    }
    now = timezone.now()
    placed = set()
    for row in solution.schedule.timetable if solution.schedule else ():
        proposal_pk = ref_pk(row.interview)
        day = datetime.date.fromisoformat(row.day)
        try:
            starts_at = paris_datetime(day, datetime.time(row.start // 60, row.start % 60))
        except InterviewError as error:
            raise JuryError(error.messages) from error
        if starts_at <= now:
            raise JuryError(
                _("Ce calcul place une audition le %(day)s, déjà passé : relancez-le.")
                % {"day": format_date(day)}
            )
        placed.add(proposal_pk)
        index = panel_index(row.panel)
        audition = existing.get(proposal_pk)
        if audition is None:
            plan.create.append((proposal_pk, index, starts_at))
        elif (
            audition.starts_at == starts_at
            and audition.panel == plan.panels[index][0]
            and audition.duration_minutes == parameters.schedule.slot_minutes
        ):
            plan.unchanged.append((audition, index, starts_at))
        else:
            plan.move.append((audition, index, starts_at))
    replaced_pks = {p.pk for p in replaced}
    plan.removed_auditions = [
        a
        for pk, a in existing.items()
        if pk not in placed and a.panel_id in replaced_pks and not a.locked
    ]
    return plan


def apply_run(run: SolverRun, actor) -> ApplyPlan:
    """Turn a run into panels and planned auditions, all or nothing (audited
    "defi_jury.applied"); locked auditions and their panels are never touched. The
    administrations already convened get the new time or place, or the cancellation."""
    from .auditions import as_seen, cancel_convocation, changed, scheduled_phases

    with transaction.atomic():
        run = (
            SolverRun.objects.select_for_update(of=("self",)).select_related("call").get(pk=run.pk)
        )
        # Lock the call's panels: an audition moved by hand meanwhile waits for us.
        list(Panel.objects.select_for_update().filter(call=run.call).values_list("pk"))
        plan = plan_changes(run)
        composed = [pk for _row, _name, _members, proposals in plan.panels for pk in proposals]
        if excluded_among(actor, Proposal.objects.filter(pk__in=composed)):
            # A composition is applied whole: nobody applies it without all of its défis.
            raise JuryError(
                _(
                    "Cette composition comprend des défis sur lesquels vous avez déclaré un "
                    "conflit d'intérêts : un·e autre membre de l'équipe l'applique. Rien n'a "
                    "changé."
                )
            )
        length = JuryParameters.from_dict(run.parameters).schedule.slot_minutes
        lengths = scheduled_phases(call_settings(run.call), length)
        panels = []
        for row, name, members, proposals in plan.panels:
            created = row is None
            if created:
                row = Panel.objects.create(call=run.call, name=name)
            elif row.name != name:
                row.name = name
            if row.referee_id not in members:
                row.referee = None  # the team chooses a referee among the new members
            row.save()
            row.members.set(members)
            row.proposals.set(proposals)
            panels.append(row)
            record(
                "panel.composed",
                row,
                actor=actor,
                run_id=run.pk,
                created=created,
                members=sorted(members),
                proposals=sorted(proposals),
            )
        proposals = Proposal.objects.in_bulk(
            [pk for pk, *_rest in plan.create] + [a.proposal_id for a, *_rest in plan.move]
        )
        for proposal_pk, index, starts_at in plan.create:
            audition = Audition.objects.create(
                proposal_id=proposal_pk,
                panel=panels[index],
                starts_at=starts_at,
                duration_minutes=length,
                phase_minutes=lengths,
            )
            record(
                "audition.scheduled",
                proposals[proposal_pk],
                actor=actor,
                audition_id=audition.pk,
                panel_id=panels[index].pk,
                starts_at=starts_at.isoformat(),
                run_id=run.pk,
            )
        moved = []
        for audition, index, starts_at in plan.move:
            before = {"starts_at": audition.starts_at.isoformat(), "panel_id": audition.panel_id}
            moved.append((audition, as_seen(audition)))
            audition.panel, audition.starts_at = panels[index], starts_at
            audition.duration_minutes, audition.phase_minutes = length, lengths
            audition.save(update_fields=["panel", "starts_at", "duration_minutes", "phase_minutes"])
            record(
                "audition.moved",
                proposals[audition.proposal_id],
                actor=actor,
                audition_id=audition.pk,
                before=before,
                panel_id=panels[index].pk,
                starts_at=starts_at.isoformat(),
                run_id=run.pk,
            )
        for audition, seen in moved:
            if as_seen(audition) != seen:
                changed(audition, actor)
        for audition in plan.removed_auditions:
            cancel_convocation(audition, actor)
            record(
                "audition.removed",
                audition.proposal,
                actor=actor,
                audition_id=audition.pk,
                run_id=run.pk,
            )
            audition.delete()
        removed = [p.pk for p in plan.removed_panels]
        Panel.objects.filter(pk__in=removed).delete()
        run.applied_at = timezone.now()
        run.save(update_fields=["applied_at"])
        record(
            "defi_jury.applied",
            run.call,
            actor=actor,
            run_id=run.pk,
            panels=[p.pk for p in panels],
            removed_panels=removed,
            created=len(plan.create),
            moved=len(plan.move),
            unchanged=len(plan.unchanged),
            removed_auditions=len(plan.removed_auditions),
        )
        tell_placed_jurors(run.call, panels, run, actor)
    return plan


def tell_placed_jurors(call, panels, run, actor) -> None:
    """E-mail each juror of the applied panels their panel, its défis and their times
    (audited "defi_jury.jurors_told"); a défi they are kept away from is left out."""
    from django.conf import settings
    from django.urls import reverse

    from cohorte.notifications import emails
    from cohorte.public.formats import format_moment
    from cohorte.reviews.exclusions import without_conflicts

    from .accounts import display_name

    told = []
    for panel in panels:
        for juror in panel.members.order_by("last_name", "first_name", "pk"):
            if not juror.email:
                continue
            auditions = without_conflicts(
                Audition.objects.filter(panel=panel).select_related("proposal__organisation"),
                juror,
            ).order_by("starts_at", "pk")
            lines = [
                f"- {a.proposal.title} ({a.proposal.organisation.name}) : "
                f"{format_moment(a.starts_at)}"
                for a in auditions
            ]
            emails.send(
                "jury_panel_placed",
                [juror.email],
                {
                    "juror_name": display_name(juror),
                    "panel_name": panel.name,
                    "call_title": call.title,
                    "auditions": "\n".join(lines) or _("(aucun défi pour l'instant)"),
                    "panel_url": settings.SITE_URL + reverse("defi_jury:panel", args=[panel.pk]),
                    "site_url": settings.SITE_URL,
                },
                call=call,
            )
            told.append(juror.pk)
    record("defi_jury.jurors_told", call, actor=actor, run_id=run.pk, jurors=told)


def latest_runs(call):
    """The call's jury runs, newest first."""
    return SolverRun.objects.filter(call=call, kind=SolverRun.Kind.JURY).select_related(
        "created_by"
    )
