"""The team's screening of applications: eligibility, completeness, shortlist, notes, messages.

Eligibility and completeness also screen a call for projects' proposals (same fields,
same values): ``set_eligibility`` and ``set_completeness`` take either subject.

Each action is one function that checks the transition (a ``ScreeningError`` with a
clear French message otherwise), changes the application with a conditional update
(a concurrent change is detected, never overwritten), writes its audit entry and
queues its e-mail on commit. Bulk wrappers apply one action to many applications in
one transaction and report, per application, what changed and what was refused.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.notifications import emails

from .applications import dashboard_url
from .models import Application, Message, Note
from .rules import SUBMITTED_STATES

Status = Application.Status
MAX_REASON = 1000
MAX_NOTE = 10_000
MAX_MESSAGE = 10_000
# Interviews that still happen: an application with one cannot leave the shortlist.
LIVE_INTERVIEW_STATES = ("planned", "invited", "confirmed", "move_requested")


class ScreeningError(ValueError):
    """A screening action refused, with a message for the team."""


def _name(application) -> str:
    return application.display_name


def _noun(subject) -> str:
    return _("la proposition") if subject._meta.model_name == "proposal" else _("la candidature")


def _require_deposited(application, what: str) -> None:
    """Refuse to screen a draft or a withdrawn application."""
    if application.status == Status.DRAFT:
        raise ScreeningError(
            _("%(name)s : %(what)s impossible, %(noun)s est un brouillon non déposé.")
            % {"name": _name(application), "what": what, "noun": _noun(application)}
        )
    if application.status == Status.WITHDRAWN:
        raise ScreeningError(
            _("%(name)s : %(what)s impossible, %(noun)s a été retirée.")
            % {"name": _name(application), "what": what, "noun": _noun(application)}
        )


def _clean_text(text, limit: int, empty_message: str | None) -> str:
    text = (text or "").strip()
    if empty_message and not text:
        raise ScreeningError(empty_message)
    if len(text) > limit:
        raise ScreeningError(
            _("Le texte est trop long (%(length)d caractères, %(limit)d au plus).")
            % {"length": len(text), "limit": limit}
        )
    return text


def _change(application, field_name: str, expected, value, **extra) -> None:
    """Write one field if nobody changed it meanwhile; raise otherwise."""
    manager = type(application)._default_manager  # an application or a proposal
    updated = manager.filter(pk=application.pk, **{field_name: expected}).update(
        **{field_name: value}, updated_at=timezone.now(), **extra
    )
    if not updated:
        raise ScreeningError(
            _("%(name)s : %(noun)s a été modifiée entre-temps, rechargez la page.")
            % {"name": _name(application), "noun": _noun(application)}
        )
    setattr(application, field_name, value)


def _set_screening(application, field: str, value: str, actor, reason: str, *, step) -> bool:
    # One screening field (eligibility or completeness): same checks, same audit entry.
    reason = _clean_text(reason, MAX_REASON, None)
    _require_deposited(application, step)
    previous = getattr(application, field)
    if previous == value:
        return False
    with transaction.atomic():
        _change(application, field, previous, value)
        record(
            f"{application._meta.model_name}.{field}_set",
            application,
            actor=actor,
            value=value,
            previous=previous,
            reason=reason,
        )
    return True


def set_eligibility(application, value: str, actor, reason: str = "") -> bool:
    """Mark an application or proposal eligible, ineligible or "to check" (False: unchanged)."""
    if value not in type(application).Eligibility.values:
        raise ScreeningError(_("Valeur d'éligibilité inconnue : « %(value)s ».") % {"value": value})
    step = _("vérification de l'éligibilité")
    return _set_screening(application, "eligibility", value, actor, reason, step=step)


def set_completeness(application, value: str, actor, reason: str = "") -> bool:
    """Mark an application or proposal complete, incomplete or "to check" (False: unchanged)."""
    if value not in type(application).Completeness.values:
        raise ScreeningError(_("Valeur de complétude inconnue : « %(value)s ».") % {"value": value})
    step = _("vérification de la complétude")
    return _set_screening(application, "completeness", value, actor, reason, step=step)


def shortlist(application, actor) -> bool:
    """Shortlist a submitted application for an interview; False when already shortlisted."""
    what = _("présélection")
    if application.status == Status.SHORTLISTED:
        return False
    _require_deposited(application, what)
    if application.status != Status.SUBMITTED:
        raise ScreeningError(
            _("%(name)s : présélection impossible, une décision a déjà été prise (%(status)s).")
            % {"name": _name(application), "status": application.get_status_display()}
        )
    if application.eligibility == Application.Eligibility.INELIGIBLE:
        raise ScreeningError(
            _("%(name)s : présélection impossible, la candidature est marquée non éligible.")
            % {"name": _name(application)}
        )
    with transaction.atomic():
        _change(application, "status", Status.SUBMITTED, Status.SHORTLISTED)
        record("application.shortlisted", application, actor=actor)
    return True


def unshortlist(application, actor) -> bool:
    """Take an application off the interview shortlist; False when it was not on it."""
    if application.status == Status.SUBMITTED:
        return False
    if application.status != Status.SHORTLISTED:
        raise ScreeningError(
            _("%(name)s : la candidature n'est pas présélectionnée (%(status)s).")
            % {"name": _name(application), "status": application.get_status_display()}
        )
    if application.interviews.filter(status__in=LIVE_INTERVIEW_STATES).exists():
        raise ScreeningError(
            _("%(name)s : une audition est prévue ; annulez-la avant de retirer la présélection.")
            % {"name": _name(application)}
        )
    with transaction.atomic():
        _change(application, "status", Status.SHORTLISTED, Status.SUBMITTED)
        record("application.unshortlisted", application, actor=actor)
    return True


def add_note(application, body: str, actor) -> Note:
    """Write a private note of the team on an application (never shown to the candidate)."""
    body = _clean_text(body, MAX_NOTE, _("La note est vide : écrivez quelque chose."))
    with transaction.atomic():
        note = Note.objects.create(application=application, author=actor, body=body)
        # The note's text stays out of the log: the log is read more widely than notes.
        record("application.note_added", application, actor=actor, note=note.pk)
    return note


def candidate_page_url(application) -> str:
    """Absolute URL of the candidate's own page for this application."""
    return dashboard_url(application.call)


def send_message(application, body: str, actor, request_info: bool = False) -> Message:
    """Write to the candidate (or ask for more information) and e-mail them a notice."""
    body = _clean_text(body, MAX_MESSAGE, _("Le message est vide : écrivez quelque chose."))
    if request_info and application.status not in SUBMITTED_STATES:
        raise ScreeningError(
            _("%(name)s : une demande de complément ne vaut que pour une candidature déposée.")
            % {"name": _name(application)}
        )
    kind = Message.Kind.INFO_REQUEST if request_info else Message.Kind.MESSAGE
    with transaction.atomic():
        message = Message.objects.create(
            application=application, author=actor, from_team=True, kind=kind, body=body
        )
        record("application.message_sent", application, actor=actor, message=message.pk, kind=kind)
        emails.send(
            "info_requested" if request_info else "team_message",
            [application.candidate.email],
            {
                "candidate_name": application.display_name,
                "call_title": application.call.title,
                "site_url": settings.SITE_URL,
                "dashboard_url": candidate_page_url(application),
            },
            call=application.call,
        )
    return message


@dataclass
class BulkResult:
    """What a bulk action did to each application."""

    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    refused: list[tuple[object, str]] = field(default_factory=list)


def _bulk(applications, action) -> BulkResult:
    result = BulkResult()
    with transaction.atomic():
        for application in applications:
            try:
                changed = action(application)
            except ScreeningError as error:
                result.refused.append((application, str(error)))
                continue
            (result.changed if changed else result.unchanged).append(application)
    return result


def bulk_set_eligibility(applications, value: str, actor, reason: str = "") -> BulkResult:
    """Set the eligibility of many applications at once, reporting refusals one by one."""
    if value not in Application.Eligibility.values:
        raise ScreeningError(_("Valeur d'éligibilité inconnue : « %(value)s ».") % {"value": value})
    return _bulk(applications, lambda a: set_eligibility(a, value, actor, reason))


def bulk_set_completeness(applications, value: str, actor, reason: str = "") -> BulkResult:
    """Set the completeness of many applications at once, reporting refusals one by one."""
    if value not in Application.Completeness.values:
        raise ScreeningError(_("Valeur de complétude inconnue : « %(value)s ».") % {"value": value})
    return _bulk(applications, lambda a: set_completeness(a, value, actor, reason))


def bulk_shortlist(applications, actor) -> BulkResult:
    """Shortlist many applications at once, reporting refusals one by one."""
    return _bulk(applications, lambda a: shortlist(a, actor))


def export_applications(call, applications, columns, fmt: str, actor, scope: dict):
    """Export applications with the chosen columns as an iterable of bytes (see
    ``stream_table``), its content type and extension; the log keeps columns and count, no
    data."""
    from .columns import application_rows
    from .exports import check_export, stream_table

    check_export(columns, fmt)
    keys = [key for key, _label in columns]
    # Counted apart: the rows are read as the file is written, or even as it is sent.
    count = applications.count()
    rows = application_rows(call, applications, keys)
    exported = stream_table(columns, rows, fmt, title=call.title)
    record(
        "applications.exported",
        call,
        actor=actor,
        columns=keys,
        count=count,
        format=fmt,
        **scope,
    )
    return exported
