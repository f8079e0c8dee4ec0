"""Retention of applications: what is not kept is deleted, files included, N months on.

Each call sets ``retention_months`` (N). The daily job ``purge_expired_applications``
deletes, with their files in storage and every row attached to them (choices, files,
versions, messages, notes, reviews, conflicts, interviews, rankings, decision):

- applications not selected, N months after the decision was sent (``decided_at``);
- applications on the waiting list, N months after that decision too: by then the
  cohort has started and a seat will not free up any more (a waiting list being
  decided again, its new decision staged or validated, is kept until it is sent);
- withdrawn applications, N months after the withdrawal;
- drafts never submitted, N months after the call closed.

Selected applications are kept: they become the fellows' recruitment file. What remains
of a purged application is one anonymous audit entry "application.purged" on its call
(its former id, status and number of files; no name, no e-mail). Its decision e-mail is
deleted from the outbox too, since it holds the candidate's name and address.
"""

import calendar
import datetime
import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from cohorte.audit.domain import record
from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application, ApplicationFile, Call
from cohorte.notifications.models import OutboxMessage

from .models import Decision

logger = logging.getLogger(__name__)

Status = Application.Status
DECIDED = (Status.NOT_SELECTED, Status.WAITING_LIST)


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same moment ``months`` calendar months earlier (31 March - 1 month = 28/29 Feb)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def expired_applications(now=None):
    """Applications whose retention period is over, all calls together."""
    now = now or timezone.now()
    expired = Q(pk__in=[])
    for call in Call.objects.only("pk", "closes_at", "retention_months"):
        cutoff = months_before(now, call.retention_months)
        expired |= Q(call=call) & (
            Q(status__in=DECIDED, decided_at__lt=cutoff)
            | Q(status=Status.WITHDRAWN, withdrawn_or_changed__lt=cutoff)
            | (Q(status=Status.DRAFT, first_submitted_at__isnull=True) if call.closes_at < cutoff
               else Q(pk__in=[]))
        )  # fmt: skip
    return (
        Application.objects.annotate(withdrawn_or_changed=Coalesce("withdrawn_at", "updated_at"))
        .filter(expired)
        # A waiting list being decided again is not over yet.
        .exclude(
            decision__status__in=[Decision.Status.STAGED, Decision.Status.VALIDATED],
        )
        .order_by("pk")
    )


def _decision_message_ids(application) -> list[int]:
    entries = ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(application.pk),
        action="decision.sent",
    )
    return [e.data["message"] for e in entries if e.data.get("message")]


def purge_application(application: Application, reason: str = "retention") -> None:
    """Delete an application, its files in storage and its rows; keep an anonymous trace."""
    storage = ApplicationFile._meta.get_field("file").storage
    names = list(
        ApplicationFile.objects.filter(application=application).values_list("file", flat=True)
    )
    # Files first: deleting a missing file is a no-op, so a run that fails after this
    # point is simply completed by the next one.
    for name in names:
        storage.delete(name)
    with transaction.atomic():
        record(
            "application.purged",
            application.call,
            application=application.pk,
            status=application.status,
            files=len(names),
            reason=reason,
        )
        OutboxMessage.objects.filter(pk__in=_decision_message_ids(application)).delete()
        application.delete()


def purge_expired_applications(now=None) -> int:
    """Delete every application past its call's retention period; returns how many."""
    purged = 0
    for application in expired_applications(now).select_related("call"):
        try:
            purge_application(application)
        except Exception:  # one stuck application must not keep the others past their date
            logger.exception("purge of application %s failed", application.pk)
            continue
        purged += 1
    if purged:
        logger.info("retention: %s application(s) purged", purged)
    return purged
