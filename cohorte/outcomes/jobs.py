"""The periodic jobs of the end of programme: deliverable reminders and sustainment follow-ups."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte import periodic
from cohorte.notifications.domain import queue_email
from cohorte.people.teams import team_users
from cohorte.programmes.models import Cohort
from cohorte.public.formats import format_date
from cohorte.site_address import absolute_url

from . import domain
from .models import Closing, Deliverables, FollowUp

REMIND_BEFORE = datetime.timedelta(days=7)
# A late reminder goes the day after the due date; a closing set later than a week after its
# dates sends none (nobody is told they are late for something they just learnt of).
LATE_WINDOW = datetime.timedelta(days=7)


def _reminder(challenge, kind: str, due: datetime.date, late: bool) -> None:
    addresses = sorted(
        {user.email for user in team_users(challenge, kinds=("fellow",)) if user.email}
    )
    if not addresses:
        return
    values = {
        "what": domain.KIND_LABELS[kind],
        "challenge": challenge.title,
        "due": format_date(due),
        "link": absolute_url(reverse("outcomes:deliverables", args=[challenge.pk])),
    }
    if late:
        subject = _("Livrable final en retard : défi « %(challenge)s »") % values
        body = _(
            "Bonjour,\n\nUn livrable final du défi « %(challenge)s » attendu le %(due)s n'est "
            "pas encore rendu : %(what)s.\n\nLe déposer : %(link)s\n\nL'équipe du programme"
        )
    else:
        subject = _("Rappel : livrable final attendu le %(due)s, défi « %(challenge)s »") % values
        body = _(
            "Bonjour,\n\nUn livrable final du défi « %(challenge)s » est attendu le %(due)s : "
            "%(what)s.\n\nLe déposer : %(link)s\n\nL'équipe du programme"
        )
    queue_email(addresses, subject, body % values)


def remind(today: datetime.date, now) -> int:
    """E-mail the fellows 7 days before each due date and the day after if still missing, once
    each (``Deliverables.reminded_at`` keeps what was sent). Returns the reminders sent."""
    sent = 0
    for closing in Closing.objects.select_related("cohort"):
        dues = {kind: getattr(closing, f"{kind}_due") for kind in domain.KINDS}
        if not any(dues.values()):
            continue
        for challenge in domain.cohort_challenges(closing.cohort):
            with transaction.atomic():
                deliverables = Deliverables.objects.select_for_update().get(
                    pk=domain.deliverables_of(challenge).pk
                )
                reminded = dict(deliverables.reminded_at or {})
                for kind, due in dues.items():
                    if due is None or domain.submitted_at(deliverables, kind):
                        continue
                    if due - REMIND_BEFORE <= today < due:
                        key, late = f"{kind}_before", False
                    elif due < today <= due + LATE_WINDOW:
                        key, late = f"{kind}_late", True
                    else:
                        continue
                    if key in reminded:
                        continue
                    _reminder(challenge, kind, due, late)
                    reminded[key] = now.isoformat()
                    sent += 1
                if reminded != (deliverables.reminded_at or {}):
                    Deliverables.objects.filter(pk=deliverables.pk).update(reminded_at=reminded)
    return sent


def follow_up(today: datetime.date, now) -> tuple[int, int]:
    """Schedule the missing follow-ups of every cohort with an end date, then send those due
    and never sent. Returns (created, sent)."""
    created = sum(domain.schedule(c) for c in Cohort.objects.filter(end_date__isnull=False))
    sent = 0
    due = FollowUp.objects.filter(
        due_on__lte=today, sent_at__isnull=True, answered_at__isnull=True
    ).select_related("challenge")
    for item in due:
        with transaction.atomic():
            sent += domain.send(item, now)
    return created, sent


@periodic.register("outcomes_deliverable_reminders", every=datetime.timedelta(hours=1))
def deliverable_reminders(now):
    remind(timezone.localdate(now), now)


@periodic.register("outcomes_follow_ups", every=datetime.timedelta(hours=1))
def follow_ups(now):
    follow_up(timezone.localdate(now), now)
