"""The decision e-mails of a call for applications, one page at a time: which ones the list
shows (a delivery state, a search) and how many each state holds, asked of the database
whatever the number of e-mails sent."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from cohorte.calls.models import Application
from cohorte.notifications.models import OutboxMessage
from cohorte.reviews.exclusions import log_without_conflicts

from .decisions import Outcome, sent_entries

Status = OutboxMessage.Status
ALL, QUEUED, SENT, FAILED = "tous", "en-attente", "envoyes", "en-echec"
STATES = {
    ALL: _("Tous"),
    QUEUED: _("En attente"),
    SENT: _("Envoyés"),
    FAILED: _("En échec"),
}


def _conditions() -> dict[str, Q]:
    return {
        ALL: Q(),
        # Being sent is still waiting, for the team: it leaves this state within seconds.
        QUEUED: Q(message_status__in=[Status.QUEUED, Status.SENDING]),
        SENT: Q(message_status=Status.SENT),
        FAILED: Q(message_status=Status.FAILED),
    }


@dataclass(frozen=True)
class OutboxFilters:
    """What the team narrowed the list to; empty values filter nothing."""

    state: str = ALL
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "OutboxFilters":
        """The filters of ``?etat=&q=`` (an unknown state is every e-mail)."""
        state = params.get("etat", ALL)
        return cls(state=state if state in STATES else ALL, q=params.get("q", "").strip())


def _about_applications(call):
    return sent_entries(call).filter(content_type=ContentType.objects.get_for_model(Application))


def left_out(call, shown: int) -> int:
    """How many of the call's decision e-mails are about what the reader is kept away from,
    ``shown`` being how many they see."""
    return _about_applications(call).count() - shown


def entries(call, user):
    """The audit entries of the call's decision e-mails about its applications that ``user``
    may see, each with the status of its outbox message, newest first."""
    status = OutboxMessage.objects.filter(pk=OuterRef("message_id")).values("status")[:1]
    return (
        log_without_conflicts(
            sent_entries(call).filter(content_type=ContentType.objects.get_for_model(Application)),
            user,
        )
        .annotate(message_id=Cast(KT("data__message"), IntegerField()))
        .annotate(message_status=Subquery(status))
    )


def filtered(queryset, call, filters: OutboxFilters):
    """The entries of ``queryset`` in this state whose candidate's name or e-mail address
    matches the search."""
    queryset = queryset.filter(_conditions()[filters.state])
    if filters.q:
        applications = call.applications.all()
        for word in filters.q.split():
            applications = applications.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(candidate__email__icontains=word)
            )
        ids = applications.annotate(text=Cast("pk", CharField())).values("text")
        queryset = queryset.filter(object_id__in=ids)
    return queryset


def state_counts(queryset) -> dict[str, int]:
    """How many entries of ``queryset`` each state holds, in one query."""
    return queryset.aggregate(
        **{key: Count("pk", filter=condition) for key, condition in _conditions().items()}
    )


def items(page_entries) -> list[dict]:
    """The rows of a page (as ``selection.decisions.decision_outbox`` gives them): each
    entry with its message, its application and the outcome it announced."""
    page_entries = list(page_entries)
    messages = OutboxMessage.objects.in_bulk([e.data.get("message") for e in page_entries])
    subjects = Application.objects.in_bulk([int(e.object_id) for e in page_entries])
    return [
        {
            "entry": entry,
            "message": messages.get(entry.data.get("message")),
            "subject": subjects.get(int(entry.object_id)),
            "outcome": Outcome(entry.data["outcome"]).label,
        }
        for entry in page_entries
    ]
