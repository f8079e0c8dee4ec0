"""The Friday digest: one e-mail per person with the week's published bulletins they may read.

Built for every running cohort at once from five queries (bulletins, who runs the cohorts,
fellows and mentors, subscribers, digests already sent), whatever the number of défis and
people; the e-mails and the record of who got one are written in one transaction, so a
re-run or a crash never sends a digest twice nor loses one.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from cohorte.accounts.roles import DIRECTOR_GROUP, LINK_GROUP, TEAM_GROUP
from cohorte.notifications.models import OutboxMessage
from cohorte.people.models import Role
from cohorte.people.teams import MENTOR_KINDS
from cohorte.programmes.models import Cohort
from cohorte.public.formats import format_date

from .comments import bulletin_url
from .models import Bulletin, DigestSent, DigestSubscription
from .tasks import deliver_all

EXCERPT = 600


@dataclass
class Reader:
    """What one person may read, from their roles."""

    email: str
    supports: bool = False
    challenges: set = field(default_factory=set)
    cohorts: set = field(default_factory=set)
    left: set = field(default_factory=set)  # cohorts whose digest they left

    def may_read(self, bulletin) -> bool:
        if bulletin.challenge.cohort_id in self.left:
            return False
        return (
            self.supports
            or bulletin.challenge_id in self.challenges
            or (bulletin.shared and bulletin.challenge.cohort_id in self.cohorts)
        )


def readers(cohort_ids) -> dict[int, Reader]:
    """Everyone who gets the digest of these cohorts, by user id: who runs the cohorts, their
    fellows and mentors, less those who left a cohort's digest. Subscribers are among them
    when they may read any of it."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    found: dict[int, Reader] = {}
    for pk, email in (
        users.filter(groups__name__in=[TEAM_GROUP, DIRECTOR_GROUP, LINK_GROUP])
        .values_list("pk", "email")
        .distinct()
    ):
        found[pk] = Reader(email, supports=True)
    # Only roles in these cohorts open their bulletins: a subscriber without one reads none.
    roles = Role.objects.filter(
        kind__in=["fellow", *MENTOR_KINDS],
        challenge__cohort__in=cohort_ids,
        person__user__in=users,
    ).values_list("person__user_id", "person__user__email", "challenge_id", "challenge__cohort_id")
    for pk, email, challenge_id, cohort_id in roles:
        reader = found.setdefault(pk, Reader(email))
        reader.challenges.add(challenge_id)
        reader.cohorts.add(cohort_id)
    for pk, cohort_id in DigestSubscription.objects.filter(
        cohort__in=cohort_ids, receives=False
    ).values_list("user_id", "cohort_id"):
        if pk in found:
            found[pk].left.add(cohort_id)
    return found


def _text(bulletin) -> str:
    parts = [
        f"## {bulletin.challenge.title} ({bulletin.challenge.cohort.name})",
    ]
    for label, value in (
        (_("Ce que nous avons fait"), bulletin.done),
        (_("Ce qui vient"), bulletin.next),
        (_("Où nous avons besoin d'aide"), bulletin.help_needed),
    ):
        value = value.strip()
        if value:
            cut = value if len(value) <= EXCERPT else value[:EXCERPT].rstrip() + "…"
            parts.append(f"{label} :\n{cut}")
    parts.append(_("Lire le bulletin : %(link)s") % {"link": bulletin_url(bulletin)})
    return "\n\n".join(parts)


def build(week) -> list[tuple[int, str, list]]:
    """(user id, address, bulletins) of everyone to send the week's digest to, not sent yet."""
    bulletins = list(
        Bulletin.objects.filter(
            week=week,
            published_at__isnull=False,
            challenge__cohort__status=Cohort.Status.RUNNING,
        )
        .select_related("challenge__cohort")
        .order_by("challenge__cohort__name", "challenge__title")
    )
    if not bulletins:
        return []
    cohort_ids = {b.challenge.cohort_id for b in bulletins}
    sent = set(DigestSent.objects.filter(week=week).values_list("user_id", flat=True))
    digests = []
    for pk, reader in sorted(readers(cohort_ids).items()):
        if pk in sent:
            continue
        mine = [b for b in bulletins if reader.may_read(b)]
        if mine:
            digests.append((pk, reader.email, mine))
    return digests


def send(week) -> int:
    """Queue the week's digests not sent yet; returns how many."""
    digests = build(week)
    if not digests:
        return 0
    texts = {}
    day = format_date(week)
    subject = _("Les bulletins des défis de la semaine du %(week)s") % {"week": day}
    with transaction.atomic():
        messages = OutboxMessage.objects.bulk_create(
            [
                OutboxMessage(
                    kind=OutboxMessage.Kind.NOTIFICATION,
                    to=[email],
                    subject=subject[:300],
                    body=_(
                        "Bonjour,\n\nVoici les bulletins publiés cette semaine par les équipes "
                        "des défis que vous suivez.\n\n%(bulletins)s\n\n"
                        "Recevoir ou non ce récapitulatif : %(link)s\n"
                    )
                    % {
                        "bulletins": "\n\n".join(
                            texts.setdefault(b.pk, _text(b)) for b in bulletins
                        ),
                        "link": _subscription_url(),
                    },
                )
                for _pk, email, bulletins in digests
            ]
        )
        DigestSent.objects.bulk_create(
            [DigestSent(user_id=pk, week=week, bulletins=len(b)) for pk, _e, b in digests]
        )
        ids = [message.pk for message in messages]
        transaction.on_commit(lambda: deliver_all.enqueue(ids))
    return len(digests)


def _subscription_url() -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL + reverse("bulletins:digest")
