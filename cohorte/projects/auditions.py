"""The défi jury's auditions by hand: referee, move, lock, convocations with a calendar file.

Times are typed in Europe/Paris and stored in UTC. An audition is refused when its panel,
or any of its members (a juror may sit on several panels, of this call or another), would
be in two meetings at once: another défi audition or a candidate's interview. The
administration is convened by e-mail (template ``audition_invitation``) with an .ics; the
alignment and deliberation phases are held without it.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.audit.models import ActivityLog
from cohorte.notifications.domain import attachment
from cohorte.public.formats import format_moment, format_time
from cohorte.reviews.exclusions import without_conflicts
from cohorte.reviews.models import Review
from cohorte.selection.ics import event_calendar, event_uid
from cohorte.selection.interviews import ACTIVE, MAX_DURATION, PARIS, hours_label
from cohorte.selection.models import InterviewSlot, Panel

from . import notify
from .jury_runs import JuryError, call_settings
from .models import Audition, PanelVerdict

INVITABLE = (Audition.Status.PLANNED, Audition.Status.INVITED)


def _person(user) -> str:
    return user.get_full_name() or user.email


# The audition's phases --------------------------------------------------------------------


def phases(audition: Audition, settings=None) -> list[dict]:
    """The four phases in order, each with its start and end (alignment, pitch, questions,
    deliberation, lengths from the call's settings)."""
    settings = settings or call_settings(audition.panel.call)
    start = audition.starts_at
    rows = []
    for key, label, minutes, public in (
        ("alignment", _("alignement du jury"), settings.alignment_minutes, False),
        ("pitch", _("pitch"), settings.pitch_minutes, True),
        ("questions", _("questions"), settings.questions_minutes, True),
        ("deliberation", _("délibération"), settings.deliberation_minutes, False),
    ):
        end = start + datetime.timedelta(minutes=minutes)
        rows.append(
            {
                "key": key,
                "label": label,
                "starts_at": start,
                "ends_at": end,
                "start": format_time(start.astimezone(PARIS).time()),
                "end": format_time(end.astimezone(PARIS).time()),
                "public": public,
            }
        )
        start = end
    return rows


def phases_text(audition: Audition, settings=None) -> str:
    """The phases in one French sentence for the convocation."""
    parts = []
    for phase in phases(audition, settings):
        text = _("%(label)s de %(start)s à %(end)s") % phase
        if not phase["public"]:
            text += " " + _("(sans vous)")
        parts.append(text)
    return ", ".join(parts)


# Clashes ------------------------------------------------------------------------------------


def find_clashes(
    panel: Panel, starts_at: datetime.datetime, duration_minutes: int, exclude_pk=None
) -> list[str]:
    """Why an audition of ``panel`` cannot take place then: the panel or a member is busy."""
    end = starts_at + datetime.timedelta(minutes=duration_minutes)
    earliest = starts_at - datetime.timedelta(minutes=MAX_DURATION)
    members = {m.pk: m for m in panel.members.all()}
    reasons = []
    auditions = (
        Audition.objects.filter(starts_at__lt=end, starts_at__gt=earliest)
        .exclude(pk=exclude_pk)
        .select_related("panel", "proposal")
        .prefetch_related("panel__members")
    )
    for other in auditions:
        if other.ends_at <= starts_at:
            continue
        when = hours_label(other.starts_at, other.ends_at)
        if other.panel_id == panel.pk:
            reasons.append(
                _("Le « %(panel)s » auditionne déjà « %(defi)s » %(when)s.")
                % {"panel": panel.name, "defi": other.proposal.display_name, "when": when}
            )
            continue
        for member in other.panel.members.all():
            if member.pk in members:
                reasons.append(
                    _(
                        "%(person)s siège aussi au « %(panel)s », qui auditionne « %(defi)s » "
                        "%(when)s."
                    )
                    % {
                        "person": _person(member),
                        "panel": other.panel.name,
                        "defi": other.proposal.display_name,
                        "when": when,
                    }
                )
    if members:
        slots = (
            InterviewSlot.objects.filter(
                status__in=ACTIVE,
                starts_at__lt=end,
                starts_at__gt=earliest,
                panel__members__in=list(members),
            )
            .select_related("panel")
            .prefetch_related("panel__members")
            .distinct()
        )
        for slot in slots:
            if slot.ends_at <= starts_at:
                continue
            for member in slot.panel.members.all():
                if member.pk in members:
                    reasons.append(
                        _(
                            "%(person)s siège aussi au jury « %(panel)s », en audition de "
                            "candidat·e %(when)s."
                        )
                        % {
                            "person": _person(member),
                            "panel": slot.panel.name,
                            "when": hours_label(slot.starts_at, slot.ends_at),
                        }
                    )
    return list(dict.fromkeys(reasons))


# Changes by hand ----------------------------------------------------------------------------


def set_referee(panel: Panel, referee, actor) -> Panel:
    """Make a member of the panel its referee (who fills the collective grids and verdicts)."""
    if referee is None or not panel.members.filter(pk=referee.pk).exists():
        raise JuryError(_("Le référent doit être un membre du jury."))
    if panel.referee_id == referee.pk:
        return panel
    with transaction.atomic():
        before = panel.referee_id
        panel.referee = referee
        panel.save(update_fields=["referee"])
        record("panel.referee_set", panel, actor=actor, referee_id=referee.pk, before=before)
    return panel


def move_audition(
    audition: Audition, actor, *, starts_at: datetime.datetime, panel: Panel | None = None
) -> Audition:
    """Change an audition's time or panel; the administration must be convened again."""
    if audition.locked:
        raise JuryError(_("Cette audition est verrouillée : déverrouillez-la pour la déplacer."))
    if starts_at.tzinfo is None:
        raise ValueError("starts_at must be an aware datetime")
    panel = panel or audition.panel
    problems = []
    if panel.call_id != audition.panel.call_id:
        problems.append(_("Ce jury n'appartient pas à l'appel de cette audition."))
    if starts_at <= timezone.now():
        problems.append(_("Choisissez un moment à venir."))
    changes_panel = panel.pk != audition.panel_id
    if changes_panel and (
        PanelVerdict.objects.filter(proposal_id=audition.proposal_id).exists()
        or Review.objects.filter(proposal_id=audition.proposal_id, panel__isnull=False).exists()
    ):
        problems.append(
            _(
                "Le jury a déjà rempli la grille collective ou rendu son avis sur ce défi : "
                "il ne peut plus changer de jury."
            )
        )
    if problems:
        raise JuryError(problems)
    with transaction.atomic():
        # Lock the panel row: two people moving auditions at once are checked in turn.
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        clashes = find_clashes(panel, starts_at, audition.duration_minutes, audition.pk)
        if clashes:
            raise JuryError(clashes)
        before = {"starts_at": audition.starts_at.isoformat(), "panel_id": audition.panel_id}
        if changes_panel:
            audition.panel.proposals.remove(audition.proposal_id)
            panel.proposals.add(audition.proposal_id)
        audition.panel, audition.starts_at = panel, starts_at
        audition.status = Audition.Status.PLANNED
        audition.save(update_fields=["panel", "starts_at", "status"])
        record(
            "audition.moved",
            audition.proposal,
            actor=actor,
            audition_id=audition.pk,
            before=before,
            panel_id=panel.pk,
            starts_at=starts_at.isoformat(),
        )
    return audition


def set_locked(audition: Audition, locked: bool, actor) -> Audition:
    """Lock an audition (a new composition keeps it and its panel as they are) or unlock it."""
    if audition.locked == locked:
        return audition
    with transaction.atomic():
        audition.locked = locked
        audition.save(update_fields=["locked"])
        record(
            "audition.locked" if locked else "audition.unlocked",
            audition.proposal,
            actor=actor,
            audition_id=audition.pk,
        )
    return audition


# Convocations -------------------------------------------------------------------------------


def _sequence(audition: Audition) -> int:
    # Each move makes a new version of the calendar event (RFC 5545 SEQUENCE).
    return ActivityLog.objects.filter(
        action="audition.moved", data__audition_id=audition.pk
    ).count()


def audition_calendar(audition: Audition, *, sequence: int = 0, settings=None) -> bytes:
    """The .ics of a défi's audition (the whole slot: the panel meets before and after)."""
    call = audition.proposal.call
    return event_calendar(
        uid=event_uid("audition-defi", audition.pk),
        starts_at=audition.starts_at,
        duration_minutes=audition.duration_minutes,
        summary=f"Jury des défis — {audition.proposal.display_name}",
        description="\n".join(
            [
                f"Audition de la proposition « {audition.proposal.display_name} » ({call.title}).",
                phases_text(audition, settings).capitalize() + ".",
            ]
        ),
        location=audition.panel.location,
        sequence=sequence,
    )


def _check_invitable(audition: Audition) -> list[str]:
    name = audition.proposal.display_name
    if audition.status not in INVITABLE:
        return [_("« %(defi)s » : la convocation ne peut pas être envoyée.") % {"defi": name}]
    if audition.starts_at <= timezone.now():
        return [
            _("« %(defi)s » : l'audition est passée, la convocation n'est pas envoyée.")
            % {"defi": name}
        ]
    if not notify.member_emails(audition.proposal):
        return [
            _("« %(defi)s » : aucun compte de l'administration ne peut recevoir la convocation.")
            % {"defi": name}
        ]
    return []


def send_invitation(audition: Audition, actor, *, settings=None):
    """E-mail the administration its convocation with a calendar file; the OutboxMessage."""
    settings = settings or call_settings(audition.panel.call)
    problems = _check_invitable(audition)
    if problems:
        raise JuryError(problems)
    with transaction.atomic():
        ics = audition_calendar(audition, sequence=_sequence(audition), settings=settings)
        message = notify.to_administration(
            "audition_invitation",
            audition.proposal,
            attachments=[attachment("audition-jury-des-defis.ics", "text/calendar", ics)],
            audition_at=format_moment(audition.starts_at),
            duration=audition.duration_minutes,
            phases=phases_text(audition, settings),
            location=audition.panel.location or _("à préciser"),
        )
        audition.status = Audition.Status.INVITED
        audition.save(update_fields=["status"])
        record(
            "audition.invited",
            audition.proposal,
            actor=actor,
            audition_id=audition.pk,
            outbox_message_id=message.pk,
        )
    return message


def invitable_auditions(call):
    """The call's planned auditions to come, in time order."""
    return (
        Audition.objects.filter(
            panel__call=call, status=Audition.Status.PLANNED, starts_at__gt=timezone.now()
        )
        .select_related("proposal__call", "proposal__organisation", "panel__call")
        .order_by("starts_at", "panel__name", "pk")
    )


def invite_planned(call, actor) -> list:
    """Send every planned audition's convocation, all or nothing; those of défis the actor is
    kept away from (a conflict of interest) are left to another member of the team."""
    auditions = list(without_conflicts(invitable_auditions(call), actor))
    if not auditions:
        raise JuryError(_("Aucune audition prévue n'attend sa convocation."))
    problems = [p for audition in auditions for p in _check_invitable(audition)]
    if problems:
        raise JuryError(problems)
    settings = call_settings(call)
    with transaction.atomic():
        return [send_invitation(audition, actor, settings=settings) for audition in auditions]
