"""The Thursday reminder: the fellows of each défi of a running cohort whose bulletin of the
week is not published get one e-mail, once a week."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.challenges.models import Challenge
from cohorte.notifications.domain import queue_email
from cohorte.people.models import Role
from cohorte.programmes.models import Cohort
from cohorte.public.formats import format_date

from .models import Bulletin, ReminderSent


@transaction.atomic
def remind(week) -> int:
    """E-mail the fellows of the défis without a published bulletin this week; returns how
    many défis were reminded (none twice the same week)."""
    published = Bulletin.objects.filter(week=week, published_at__isnull=False)
    challenges = list(
        Challenge.objects.filter(
            # A cohort that starts by Thursday writes its first bulletin that week.
            Q(cohort__start_date__isnull=True)
            | Q(cohort__start_date__lte=week + datetime.timedelta(days=3)),
            cohort__status=Cohort.Status.RUNNING,
        )
        .exclude(pk__in=published.values("challenge"))
        .exclude(pk__in=ReminderSent.objects.filter(week=week).values("challenge"))
        .order_by("pk")
    )
    addresses = defaultdict(set)
    for challenge_id, email in Role.objects.filter(
        kind=Role.Kind.FELLOW,
        challenge__in=challenges,
        person__user__is_active=True,
    ).values_list("challenge_id", "person__user__email"):
        if email:
            addresses[challenge_id].add(email)
    reminded = []
    day = format_date(week)
    for challenge in challenges:
        to = sorted(addresses.get(challenge.pk, ()))
        if not to:
            continue
        link = settings.SITE_URL + reverse("bulletins:week", args=[challenge.pk, week.isoformat()])
        queue_email(
            to,
            _("Le bulletin de la semaine du %(week)s n'est pas encore publié") % {"week": day},
            _(
                "Bonjour,\n\nLe bulletin du défi « %(challenge)s » pour la semaine du %(week)s "
                "n'est pas encore publié. Quelques lignes suffisent : ce que vous avez fait, ce "
                "qui vient, où vous avez besoin d'aide.\n\nÉcrire le bulletin : %(link)s\n"
            )
            % {"challenge": challenge.title, "week": day, "link": link},
        )
        reminded.append(ReminderSent(challenge=challenge, week=week))
    ReminderSent.objects.bulk_create(reminded)
    return len(reminded)
