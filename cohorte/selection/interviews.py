"""Interviews assigned by hand: schedule, move, cancel, lock, invite, the candidate's answer.

Times are typed in Europe/Paris and stored in UTC. A slot is refused when it would put
its panel, its candidate, or any member of its panel (members may sit on several
panels) in two interviews at once. Once the candidate has their invitation, each change
(by hand or by the scheduler) is sent to them at once: an update or a cancellation that
their calendar program applies to the event it holds (``ics``).
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.accounts.roles import team_addresses
from cohorte.audit.domain import record
from cohorte.calls import guards
from cohorte.calls.models import Application
from cohorte.calls.screening import candidate_page_url
from cohorte.notifications.domain import attachment, queue_email
from cohorte.notifications.emails import send
from cohorte.public.formats import format_date, format_moment, format_time
from cohorte.reviews.exclusions import is_excluded

from .ics import CANCEL, REQUEST, content_type, interview_calendar
from .models import InterviewSlot, Panel
from .venue import venue_of

PARIS = ZoneInfo("Europe/Paris")
MIN_DURATION, MAX_DURATION = 5, 480
MAX_MESSAGE_LENGTH = 2000
ACTIVE = (
    InterviewSlot.Status.PLANNED,
    InterviewSlot.Status.INVITED,
    InterviewSlot.Status.CONFIRMED,
    InterviewSlot.Status.MOVE_REQUESTED,
)
INVITABLE = (
    InterviewSlot.Status.PLANNED,
    InterviewSlot.Status.INVITED,
    InterviewSlot.Status.MOVE_REQUESTED,
)
# The candidate holds the invitation: a change must reach their calendar.
SENT = (
    InterviewSlot.Status.INVITED,
    InterviewSlot.Status.CONFIRMED,
    InterviewSlot.Status.MOVE_REQUESTED,
)


class InterviewError(ValueError):
    """An interview change that is refused; ``messages`` lists every reason."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


def paris_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """The moment a date and a clock time denote in Paris (refusing a time that does not exist)."""
    local = datetime.datetime.combine(day, time).replace(tzinfo=PARIS)
    moment = local.astimezone(datetime.UTC)
    if moment.astimezone(PARIS).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise InterviewError(
            _("%(time)s n'existe pas ce jour-là à Paris (changement d'heure).")
            % {"time": format_time(time)}
        )
    return moment


def _span(slot_or_start, duration=None) -> tuple[datetime.datetime, datetime.datetime]:
    if isinstance(slot_or_start, InterviewSlot):
        start, duration = slot_or_start.starts_at, slot_or_start.duration_minutes
    else:
        start = slot_or_start
    return start, start + datetime.timedelta(minutes=duration)


def hours_label(start, end) -> str:
    """ "de 9 h 00 à 9 h 30 le 3 juin 2026": a span in Paris time, for messages."""
    return _("de %(start)s à %(end)s le %(day)s") % {
        "start": format_time(start.astimezone(PARIS).time()),
        "end": format_time(end.astimezone(PARIS).time()),
        "day": format_date(start),
    }


def _person(user) -> str:
    return user.get_full_name() or user.email


def find_clashes(
    panel: Panel,
    application: Application,
    starts_at: datetime.datetime,
    duration_minutes: int,
    exclude_pk: int | None = None,
) -> list[str]:
    """Why this interview cannot take place then: panel, candidate or a member already busy."""
    start, end = _span(starts_at, duration_minutes)
    nearby = (
        InterviewSlot.objects.filter(
            status__in=ACTIVE,
            starts_at__lt=end,
            starts_at__gt=start - datetime.timedelta(minutes=MAX_DURATION),
        )
        .exclude(pk=exclude_pk)
        .select_related("panel")
        .prefetch_related("panel__members")
    )
    overlapping = [s for s in nearby if _span(s)[1] > start]
    reasons = []
    members = {m.pk: m for m in panel.members.all()}
    for other in overlapping:
        when = hours_label(*_span(other))
        if other.panel_id == panel.pk:
            reasons.append(
                _("Le jury « %(panel)s » a déjà une audition %(when)s.")
                % {"panel": panel.name, "when": when}
            )
        if other.application_id == application.pk:
            reasons.append(
                _("Cette personne passe déjà une audition %(when)s (jury « %(panel)s »).")
                % {"when": when, "panel": other.panel.name}
            )
        if other.panel_id != panel.pk:
            for member in other.panel.members.all():
                if member.pk in members:
                    reasons.append(
                        _("%(person)s siège aussi au jury « %(panel)s », en audition %(when)s.")
                        % {"person": _person(member), "panel": other.panel.name, "when": when}
                    )
    return list(dict.fromkeys(reasons))


def _check(panel, application, starts_at, duration_minutes, challenge, exclude_pk=None):
    problems = []
    if application.call_id != panel.call_id:
        problems.append(_("Cette candidature n'appartient pas à l'appel de ce jury."))
    if not MIN_DURATION <= int(duration_minutes) <= MAX_DURATION:
        problems.append(
            _("La durée doit être comprise entre %(min)s et %(max)s minutes.")
            % {"min": MIN_DURATION, "max": MAX_DURATION}
        )
    if challenge is not None:
        covered = set(panel.challenges.values_list("pk", flat=True))
        if covered and challenge.pk not in covered:
            problems.append(
                _("Le jury « %(panel)s » n'examine pas le défi « %(challenge)s ».")
                % {"panel": panel.name, "challenge": challenge.title}
            )
    if starts_at.tzinfo is None:
        raise ValueError("starts_at must be an aware datetime")
    if not problems:
        problems = find_clashes(panel, application, starts_at, duration_minutes, exclude_pk)
    if problems:
        raise InterviewError(problems)


def _active(slot: InterviewSlot, verb: str) -> None:
    if slot.status == InterviewSlot.Status.CANCELLED:
        raise InterviewError(
            _("Cette audition est annulée : impossible de la %(verb)s.") % {"verb": verb}
        )
    if slot.locked:
        raise InterviewError(
            _("Cette audition est verrouillée : déverrouillez-la pour la %(verb)s.")
            % {"verb": verb}
        )


def schedule_interview(
    panel: Panel,
    application: Application,
    starts_at: datetime.datetime,
    duration_minutes: int,
    actor,
    *,
    challenge=None,
    location: str = "",
    video_link: str = "",
    exception: str | None = None,
) -> InterviewSlot:
    """Give a shortlisted candidate an interview before a panel (once their round closed,
    or on the director's ``exception``)."""
    if is_excluded(actor, application):
        raise InterviewError(
            _(
                "Vous avez déclaré un conflit d'intérêts sur cette candidature : un·e autre "
                "membre de l'équipe programme son audition."
            )
        )
    if application.status != Application.Status.SHORTLISTED:
        raise InterviewError(
            _("Seule une candidature présélectionnée pour une audition peut être convoquée.")
        )
    with transaction.atomic():
        guard_convocation([application], actor, exception)
        # Lock the panel row: two people scheduling at once are checked one after the other.
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        _check(panel, application, starts_at, duration_minutes, challenge)
        slot = InterviewSlot.objects.create(
            panel=panel,
            application=application,
            challenge=challenge,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            location=(location or "").strip(),
            video_link=(video_link or "").strip(),
        )
        record(
            "interview.scheduled",
            application,
            actor=actor,
            slot_id=slot.pk,
            panel_id=panel.pk,
            starts_at=starts_at.isoformat(),
            duration_minutes=duration_minutes,
            challenge_id=challenge.pk if challenge else None,
        )
    return slot


def move_interview(
    slot: InterviewSlot,
    actor,
    *,
    starts_at: datetime.datetime,
    duration_minutes: int,
    panel: Panel | None = None,
    challenge=None,
    location: str = "",
    video_link: str = "",
) -> InterviewSlot:
    """Change an interview's time, panel, défi or place; a candidate already invited gets the
    update at once (e-mail and calendar)."""
    _active(slot, _("déplacer"))
    panel = panel or slot.panel
    with transaction.atomic():
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        _check(panel, slot.application, starts_at, duration_minutes, challenge, slot.pk)
        before = {"starts_at": slot.starts_at.isoformat(), "panel_id": slot.panel_id}
        seen_before = _as_seen(slot)
        slot.panel, slot.challenge = panel, challenge
        slot.starts_at, slot.duration_minutes = starts_at, duration_minutes
        slot.location, slot.video_link = (location or "").strip(), (video_link or "").strip()
        slot.save()
        record(
            "interview.moved",
            slot.application,
            actor=actor,
            slot_id=slot.pk,
            before=before,
            starts_at=starts_at.isoformat(),
            panel_id=panel.pk,
            duration_minutes=duration_minutes,
        )
        if _as_seen(slot) != seen_before:
            changed(slot, actor)
    return slot


def _as_seen(slot: InterviewSlot) -> tuple:
    # What the candidate's invitation says: a change to it is a new version of the event.
    return (
        slot.starts_at,
        slot.duration_minutes,
        slot.challenge_id,
        venue_of(slot, slot.panel),
    )


def changed(slot: InterviewSlot, actor) -> None:
    """After a change of time or place: a new version of the event, sent at once to a
    candidate who holds the invitation (unless the interview is now past), else to be sent."""
    slot.sequence += 1
    if slot.status in SENT and slot.starts_at > timezone.now():
        slot.save(update_fields=["sequence"])
        _send_update(slot, actor)
    else:
        slot.status = InterviewSlot.Status.PLANNED
        slot.save(update_fields=["sequence", "status"])


def _send_update(slot: InterviewSlot, actor):
    application = slot.application
    message = send(
        "interview_moved",
        [application.candidate.email],
        _values(slot),
        call=application.call,
        attachments=[_calendar_attachment(slot, REQUEST)],
    )
    slot.status = InterviewSlot.Status.INVITED  # the new time awaits their answer
    slot.save(update_fields=["status"])
    record(
        "interview.update_sent",
        application,
        actor=actor,
        slot_id=slot.pk,
        sequence=slot.sequence,
        outbox_message_id=message.pk,
    )
    return message


def _calendar_attachment(slot: InterviewSlot, method: str) -> dict:
    ics = interview_calendar(slot, venue_of(slot, slot.panel), method=method)
    name = "audition-annulee.ics" if method == CANCEL else "audition.ics"
    return attachment(name, content_type(method), ics)


def _values(slot: InterviewSlot) -> dict:
    application = slot.application
    respond = settings.SITE_URL + reverse("selection:interview_respond", args=[slot.pk])
    return {
        "candidate_name": application.display_name,
        "call_title": application.call.title,
        "site_url": settings.SITE_URL,
        "interview_at": format_moment(slot.starts_at),
        "duration": slot.duration_minutes,
        "location": venue_of(slot, slot.panel).text(),
        "dashboard_url": respond,
    }


def cancel_interview(slot: InterviewSlot, actor) -> InterviewSlot:
    """Cancel an interview; a candidate already invited is told so, and their calendar
    program removes the event."""
    _active(slot, _("annuler"))
    with transaction.atomic():
        was_sent = slot.status in SENT
        slot.status = InterviewSlot.Status.CANCELLED
        slot.sequence += 1
        slot.save(update_fields=["status", "sequence"])
        record("interview.cancelled", slot.application, actor=actor, slot_id=slot.pk)
        if was_sent:
            values = _values(slot)
            values["dashboard_url"] = candidate_page_url(slot.application)
            message = send(
                "interview_cancelled",
                [slot.application.candidate.email],
                values,
                call=slot.application.call,
                attachments=[_calendar_attachment(slot, CANCEL)],
            )
            record(
                "interview.cancellation_sent",
                slot.application,
                actor=actor,
                slot_id=slot.pk,
                sequence=slot.sequence,
                outbox_message_id=message.pk,
            )
    return slot


def cancel_for_withdrawal(application: Application, actor) -> list[tuple[InterviewSlot, dict]]:
    """Cancel the interviews of a withdrawn application, locked or not (nobody will come);
    the cancellation to attach for each one the candidate holds (their calendar drops it)."""
    sent = []
    slots = application.interviews.filter(status__in=ACTIVE).select_related(
        "panel", "challenge", "application__call", "application__candidate"
    )
    for slot in slots:
        was_sent = slot.status in SENT
        slot.status = InterviewSlot.Status.CANCELLED
        slot.sequence += 1
        slot.save(update_fields=["status", "sequence"])
        record("interview.cancelled", application, actor=actor, slot_id=slot.pk, withdrawn=True)
        if was_sent and slot.starts_at > timezone.now():
            sent.append((slot, _calendar_attachment(slot, CANCEL)))
    if len(sent) > 1:
        for index, (_slot, item) in enumerate(sent, start=1):
            item["filename"] = f"audition-annulee-{index}.ics"
    return sent


def record_cancellations_sent(sent, message, actor) -> None:
    """Audit the cancellations that left with ``message`` (see cancel_for_withdrawal)."""
    for slot, _item in sent:
        record(
            "interview.cancellation_sent",
            slot.application,
            actor=actor,
            slot_id=slot.pk,
            sequence=slot.sequence,
            outbox_message_id=message.pk,
        )


def set_locked(slot: InterviewSlot, locked: bool, actor) -> InterviewSlot:
    """Lock an interview (nobody moves or cancels it by mistake) or unlock it."""
    if slot.status == InterviewSlot.Status.CANCELLED:
        raise InterviewError(_("Cette audition est annulée."))
    if slot.locked == locked:
        return slot
    with transaction.atomic():
        slot.locked = locked
        slot.save(update_fields=["locked"])
        record(
            "interview.locked" if locked else "interview.unlocked",
            slot.application,
            actor=actor,
            slot_id=slot.pk,
        )
    return slot


def convocation_missing(applications) -> list:
    """What is missing before these applications' interviews are planned or convened, each
    precondition once: their rounds closed."""
    missing, seen = [], set()
    for application in applications:
        for item in guards.convocation_missing(application):
            if item.text not in seen:
                seen.add(item.text)
                missing.append(item)
    return missing


def guard_convocation(applications, actor, exception=None) -> None:
    """Refuse to plan or convene interviews of applications whose round is still open (the
    candidate may still change their file), unless the director makes an exception."""
    applications = list(applications)
    missing = convocation_missing(applications)
    one = applications[0] if len(applications) == 1 else None
    try:
        guards.ensure(
            guards.CONVOCATIONS,
            applications[0].call,
            missing,
            actor,
            exception,
            one,
            one.display_name if one is not None else "",
        )
    except guards.StepRefused as error:
        raise InterviewError(str(error)) from error


def send_invitation(slot: InterviewSlot, actor, exception=None, guarded=True):
    """E-mail the candidate their interview with a calendar file; the OutboxMessage.

    ``guarded=False``: the caller (a bulk action) already checked the round is closed."""
    if slot.status not in INVITABLE:
        raise InterviewError(
            _("Impossible d'envoyer l'invitation : l'audition est %(status)s.")
            % {"status": slot.get_status_display()}
        )
    if slot.starts_at <= timezone.now():
        raise InterviewError(_("Cette audition est passée : l'invitation n'est pas envoyée."))
    application = slot.application
    with transaction.atomic():
        if guarded:
            guard_convocation([application], actor, exception)
        message = send(
            "interview_invitation",
            [application.candidate.email],
            _values(slot),
            call=application.call,
            attachments=[_calendar_attachment(slot, REQUEST)],
        )
        slot.status = InterviewSlot.Status.INVITED
        slot.save(update_fields=["status"])
        record(
            "interview.invited",
            application,
            actor=actor,
            slot_id=slot.pk,
            outbox_message_id=message.pk,
        )
    return message


CONFIRM, MOVE = "confirm", "move"


def respond_to_invitation(slot: InterviewSlot, candidate, answer: str, message: str = ""):
    """The candidate confirms their interview or asks for another time (with a message)."""
    application = slot.application
    if application.candidate_id != getattr(candidate, "pk", None):
        raise InterviewError(_("Cette audition ne vous concerne pas."))
    message = (message or "").strip()
    if answer not in (CONFIRM, MOVE):
        raise InterviewError(_("Choisissez : confirmer, ou demander un autre créneau."))
    if slot.starts_at <= timezone.now():
        raise InterviewError(_("Cette audition est passée : contactez l'équipe du programme."))
    if answer == CONFIRM and slot.status != InterviewSlot.Status.INVITED:
        raise InterviewError(_("Cette audition n'attend pas de confirmation."))
    if answer == MOVE:
        if slot.status not in (InterviewSlot.Status.INVITED, InterviewSlot.Status.CONFIRMED):
            raise InterviewError(_("Cette audition ne peut pas être déplacée depuis votre espace."))
        if not message:
            raise InterviewError(
                _("Dites-nous quand vous êtes disponible : le message est obligatoire.")
            )
    if len(message) > MAX_MESSAGE_LENGTH:
        raise InterviewError(
            _("Le message dépasse %(max)s caractères.") % {"max": MAX_MESSAGE_LENGTH}
        )
    with transaction.atomic():
        slot.status = (
            InterviewSlot.Status.CONFIRMED
            if answer == CONFIRM
            else InterviewSlot.Status.MOVE_REQUESTED
        )
        slot.candidate_message = message
        slot.save(update_fields=["status", "candidate_message"])
        record(
            "interview.confirmed" if answer == CONFIRM else "interview.move_requested",
            application,
            actor=candidate,
            slot_id=slot.pk,
            with_message=bool(message),
        )
        recipients = team_addresses()
        if recipients:
            link = settings.SITE_URL + reverse("selection:panel_detail", args=[slot.panel_id])
            if answer == CONFIRM:
                subject = _("Audition confirmée : %(name)s") % {"name": application.display_name}
                lead = _("%(name)s confirme son audition du %(when)s (heure de Paris).")
            else:
                subject = _("Demande de changement d'audition : %(name)s") % {
                    "name": application.display_name
                }
                lead = _("%(name)s demande à déplacer son audition du %(when)s (heure de Paris).")
            body = lead % {
                "name": application.display_name,
                "when": format_moment(slot.starts_at),
            }
            if message:
                body += "\n\n" + _("Son message :") + "\n" + message
            body += "\n\n" + _("Le jury et ses auditions : %(link)s") % {"link": link}
            queue_email(recipients, subject, body)
    return slot


def unsent_invitations(call, *, panel: Panel | None = None, day: datetime.date | None = None):
    """Planned future interviews of the call whose invitation was never sent, of one panel or
    of one day (Paris time), in time order."""
    slots = InterviewSlot.objects.filter(
        panel__call=call,
        status=InterviewSlot.Status.PLANNED,
        starts_at__gt=timezone.now(),
        application__status=Application.Status.SHORTLISTED,
    )
    if panel is not None:
        slots = slots.filter(panel=panel)
    if day is not None:
        start = paris_datetime(day, datetime.time(0, 0))
        slots = slots.filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1))
    return slots.select_related(
        "application__call", "application__candidate", "panel", "challenge"
    ).order_by("starts_at", "panel__name", "pk")


def send_invitations(slot_ids, actor) -> tuple[list[InterviewSlot], list[str]]:
    """Send each of these interviews' invitations that is still unsent, one by one (as
    ``send_invitation`` does); the interviews invited and why any other was not."""
    sent, skipped = [], []
    for pk in slot_ids:
        with transaction.atomic():
            slot = (
                InterviewSlot.objects.select_for_update(of=("self",))
                .select_related("application__call", "application__candidate", "panel", "challenge")
                .filter(pk=pk)
                .first()
            )
            if slot is None:
                continue
            name = slot.application.display_name
            if is_excluded(actor, slot.application):
                continue  # another member of the team sends it
            if slot.status != InterviewSlot.Status.PLANNED:
                skipped.append(
                    _("%(name)s : invitation déjà envoyée, rien n'est renvoyé.") % {"name": name}
                )
                continue
            try:
                send_invitation(slot, actor)
            except InterviewError as error:
                skipped.append(f"{name} : {' '.join(error.messages)}")
            else:
                sent.append(slot)
    return sent, skipped


def invitation_summary(slot: InterviewSlot) -> str:
    """ "Claire Martin, le 7 juin 2026 à 9 h 00 (jury « A »)": what an invitation announced."""
    return _("%(name)s, le %(when)s (jury « %(panel)s »)") % {
        "name": slot.application.display_name,
        "when": format_moment(slot.starts_at),
        "panel": slot.panel.name,
    }
