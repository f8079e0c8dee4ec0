"""The défi jury's auditions by hand: referee, venue, move, lock, convocations with a calendar
invitation.

Times are typed in Europe/Paris and stored in UTC. An audition is refused when its panel,
or any of its members (a juror may sit on several panels, of this call or another), would
be in two meetings at once: another défi audition or a candidate's interview. The
administration is convened by e-mail (template ``audition_invitation``) with an iTIP
invitation; once convened, each change of time or place is sent at once
(``audition_moved``), and a removed audition is cancelled in their calendars. The alignment
and deliberation phases are held without the administration.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.notifications.domain import attachment
from cohorte.public.formats import format_moment, format_time
from cohorte.reviews.exclusions import without_conflicts
from cohorte.reviews.models import Review
from cohorte.selection.ics import CANCEL, REQUEST, content_type, event_calendar, event_uid
from cohorte.selection.interviews import ACTIVE, MAX_DURATION, PARIS, hours_label
from cohorte.selection.models import InterviewSlot, Panel
from cohorte.selection.venue import Venue, venue_of

from . import notify
from .jury_runs import JuryError, call_settings
from .models import Audition, PanelVerdict

INVITABLE = (Audition.Status.PLANNED, Audition.Status.INVITED)


def _person(user) -> str:
    return user.get_full_name() or user.email


# The audition's phases --------------------------------------------------------------------


PHASE_KEYS = ("alignment", "pitch", "questions", "deliberation")


def scheduled_phases(settings, total: int | None = None) -> dict[str, int]:
    """The phase lengths an audition is scheduled with: the call's settings now, the
    deliberation absorbing any difference with the slot's ``total`` length."""
    lengths = {key: getattr(settings, f"{key}_minutes") for key in PHASE_KEYS}
    if total is not None and total != sum(lengths.values()):
        others = sum(lengths.values()) - lengths["deliberation"]
        lengths["deliberation"] = max(total - others, 0)
    return lengths


def phases(audition: Audition, settings=None) -> list[dict]:
    """The four phases in order, each with its start and end (alignment, pitch, questions,
    deliberation, lengths as scheduled; the call's settings for an audition stored without)."""
    lengths = audition.phase_minutes or scheduled_phases(
        settings or call_settings(audition.panel.call), audition.duration_minutes
    )
    labels = {
        "alignment": (_("alignement du jury"), False),
        "pitch": (_("pitch"), True),
        "questions": (_("questions"), True),
        "deliberation": (_("délibération"), False),
    }
    start = audition.starts_at
    rows = []
    for key in PHASE_KEYS:
        label, public = labels[key]
        end = start + datetime.timedelta(minutes=int(lengths.get(key, 0)))
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
    audition: Audition,
    actor,
    *,
    starts_at: datetime.datetime,
    panel: Panel | None = None,
    location: str | None = None,
    video_link: str | None = None,
) -> Audition:
    """Change an audition's time, panel or own place (None: unchanged); an administration
    already convened gets the new convocation at once."""
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
        seen = as_seen(audition)
        if changes_panel:
            audition.panel.proposals.remove(audition.proposal_id)
            panel.proposals.add(audition.proposal_id)
        audition.panel, audition.starts_at = panel, starts_at
        if location is not None:
            audition.location = location.strip()
        if video_link is not None:
            audition.video_link = video_link.strip()
        audition.save(update_fields=["panel", "starts_at", "location", "video_link"])
        record(
            "audition.moved",
            audition.proposal,
            actor=actor,
            audition_id=audition.pk,
            before=before,
            panel_id=panel.pk,
            starts_at=starts_at.isoformat(),
        )
        if as_seen(audition) != seen:
            changed(audition, actor)
    return audition


def as_seen(audition: Audition) -> tuple:
    """What the administration's convocation says: a change to it is a new version."""
    return audition.starts_at, audition.duration_minutes, audition_venue(audition)


def changed(audition: Audition, actor, *, settings=None) -> None:
    """After a change of time or place: a new version of the event, sent at once to an
    administration already convened (unless the audition is now past), else to be sent."""
    audition.sequence += 1
    if audition.status == Audition.Status.INVITED and audition.starts_at > timezone.now():
        audition.save(update_fields=["sequence"])
        _send(audition, actor, "audition_moved", "audition.update_sent", settings=settings)
    else:
        audition.status = Audition.Status.PLANNED
        audition.save(update_fields=["sequence", "status"])


def cancel_convocation(audition: Audition, actor) -> None:
    """Before an audition convened is removed: its cancellation, sent to the administration
    so that their calendars drop the event."""
    if audition.status != Audition.Status.INVITED or audition.starts_at <= timezone.now():
        return
    audition.sequence += 1
    audition.save(update_fields=["sequence"])
    ics = audition_calendar(audition, method=CANCEL)
    message = notify.to_administration(
        "audition_cancelled",
        audition.proposal,
        attachments=[attachment("audition-annulee.ics", content_type(CANCEL), ics)],
        audition_at=format_moment(audition.starts_at),
    )
    if message is not None:
        record(
            "audition.cancellation_sent",
            audition.proposal,
            actor=actor,
            audition_id=audition.pk,
            sequence=audition.sequence,
            outbox_message_id=message.pk,
        )


def set_panel_venue(panel: Panel, actor, *, location: str, video_link: str) -> Panel:
    """Set where a panel of the défi jury meets; its auditions without a place of their own
    follow, and the administrations already convened get the new convocation."""
    location, video_link = (location or "").strip(), (video_link or "").strip()
    if (panel.location, panel.video_link) == (location, video_link):
        return panel
    with transaction.atomic():
        auditions = list(
            Audition.objects.filter(panel=panel, location="", video_link="").select_related(
                "proposal__call", "proposal__organisation"
            )
        )
        panel.location, panel.video_link = location, video_link
        panel.save(update_fields=["location", "video_link"])
        record("panel.venue_set", panel, actor=actor, location=location, video_link=video_link)
        for audition in auditions:
            audition.panel = panel
            changed(audition, actor)
    return panel


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


def audition_venue(audition: Audition) -> Venue:
    """Where the audition takes place: its own place, else its panel's."""
    return venue_of(audition, audition.panel)


def audition_calendar(audition: Audition, *, method: str = REQUEST, settings=None) -> bytes:
    """The iTIP message of a défi's audition for its administration (the whole slot: the panel
    meets before and after), version ``audition.sequence``."""
    call = audition.proposal.call
    venue = audition_venue(audition)
    return event_calendar(
        uid=event_uid("audition-defi", audition.pk),
        starts_at=audition.starts_at,
        duration_minutes=audition.duration_minutes,
        summary=f"Jury des défis — {audition.proposal.display_name}",
        description="\n".join(
            [
                f"Audition de la proposition « {audition.proposal.display_name} » ({call.title}).",
                phases_text(audition, settings).capitalize() + ".",
                f"Lieu : {venue.text()}",
            ]
        ),
        attendees=[(email, "") for email in notify.member_emails(audition.proposal)],
        venue=venue,
        sequence=audition.sequence,
        method=method,
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
    problems = _check_invitable(audition)
    if problems:
        raise JuryError(problems)
    with transaction.atomic():
        return _send(audition, actor, "audition_invitation", "audition.invited", settings=settings)


def _send(audition: Audition, actor, template: str, action: str, *, settings=None):
    settings = settings or call_settings(audition.panel.call)
    ics = audition_calendar(audition, settings=settings)
    message = notify.to_administration(
        template,
        audition.proposal,
        attachments=[attachment("audition-jury-des-defis.ics", content_type(REQUEST), ics)],
        audition_at=format_moment(audition.starts_at),
        duration=audition.duration_minutes,
        phases=phases_text(audition, settings),
        location=audition_venue(audition).text(),
    )
    audition.status = Audition.Status.INVITED
    audition.save(update_fields=["status"])
    data = {"sequence": audition.sequence} if action == "audition.update_sent" else {}
    record(
        action,
        audition.proposal,
        actor=actor,
        audition_id=audition.pk,
        outbox_message_id=message.pk if message else None,
        **data,
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
