"""The demo's newsletter: subscribers (most confirmed, a few waiting, two bounced), last
month's edition sent through the outbox as the pages send it, and this month's draft.

Addresses are on example.org: nothing leaves. The sent edition's messages are marked
delivered, as the worker would have left them.
"""

import datetime
import random

from django.utils import timezone

from .content.models import Post
from .newsletter import domain, tasks
from .newsletter.models import Edition, Subscriber
from .notifications.models import OutboxMessage

CONFIRMED, PENDING, BOUNCED = 34, 4, 2


def _subscribers(rng: random.Random, now) -> None:
    rows = []
    for n in range(CONFIRMED + PENDING + BOUNCED):
        since = now - datetime.timedelta(
            days=rng.randint(3, 25) if n >= CONFIRMED else rng.randint(40, 400)
        )
        topics = {name: rng.random() < 0.6 for name in ("calls", "articles", "jobs")}
        topics["calls"] = topics["calls"] or not any(topics.values())
        rows.append(
            Subscriber(
                email=f"lecteur{n + 1}@example.org",
                confirmed_at=None if CONFIRMED <= n < CONFIRMED + PENDING else since,
                confirmation_sent_at=since,
                bounced_at=since + datetime.timedelta(days=30)
                if n >= CONFIRMED + PENDING
                else None,
                **topics,
            )
        )
    Subscriber.objects.bulk_create(rows)
    # created_at is set on insert: date it back as the rows say.
    for subscriber in Subscriber.objects.all():
        Subscriber.objects.filter(pk=subscriber.pk).update(
            created_at=subscriber.confirmation_sent_at
        )


def write(team, rng: random.Random, now=None) -> None:
    """Subscribers, a sent edition and a draft."""
    now = now or timezone.now()
    _subscribers(rng, now)
    last_month = now - datetime.timedelta(days=30)
    posts = list(Post.objects.public().filter(published_at__lte=last_month)[:3])
    sent = Edition.objects.create(
        subject="La lettre du programme — le mois dernier",
        intro="Bonjour à toutes et à tous,\n\nVoici les nouvelles du programme.",
        created_by=team, calls=True, articles=True, jobs=True, test_sent_at=last_month,
    )  # fmt: skip
    sent.posts.set(posts)
    domain.start_sending(sent.pk, team, last_month)
    while tasks.send_batch.call(sent.pk) == "queued":
        pass
    messages = OutboxMessage.objects.filter(pk__in=sent.deliveries.values("message_id"))
    messages.update(status=OutboxMessage.Status.SENT, sent_at=last_month, sealed_body="")
    Edition.objects.filter(pk=sent.pk).update(
        sending_started_at=last_month, last_batch_at=last_month, sent_at=last_month
    )
    draft = Edition.objects.create(
        subject="La lettre du programme — ce mois-ci",
        intro="Bonjour à toutes et à tous,\n\nLes appels sont ouverts : faites-le savoir.",
        created_by=team, calls=True, articles=True, jobs=False,
    )  # fmt: skip
    draft.posts.set(Post.objects.public().order_by("-published_at")[:2])
