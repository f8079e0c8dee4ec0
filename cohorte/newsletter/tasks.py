"""Sending an edition in batches: each batch queues one outbox message per subscriber not yet
served, in one transaction, then schedules the next batch (the rate limit)."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks import task

from . import domain
from .models import Delivery, Edition

logger = logging.getLogger(__name__)


def batch_size() -> int:
    return settings.NEWSLETTER_BATCH_SIZE


def batch_interval() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NEWSLETTER_BATCH_SECONDS)


@task()
def send_batch(edition_id: int) -> str:
    """Queue the next batch of an edition being sent; the last batch marks it sent.

    The edition's row is locked and each subscriber has at most one delivery (a unique
    constraint): a batch run twice, or a batch of a worker that died, sends nobody twice."""
    now = timezone.now()
    with transaction.atomic():
        edition = (
            Edition.objects.select_for_update()
            .filter(pk=edition_id, status=Edition.Status.SENDING)
            .first()
        )
        if edition is None:
            return "skipped"
        served = Delivery.objects.filter(edition=edition, subscriber=OuterRef("pk"))
        batch = list(
            domain.audience(edition).filter(~Exists(served)).order_by("pk")[: batch_size()]
        )
        Delivery.objects.bulk_create(
            [
                Delivery(
                    edition=edition,
                    subscriber=subscriber,
                    message=domain.queue_for(edition, subscriber),
                )
                for subscriber in batch
            ]
        )
        if len(batch) < batch_size():
            edition.status = Edition.Status.SENT
            edition.sent_at = now
        else:
            run_after = now + batch_interval()
            transaction.on_commit(lambda: send_batch.using(run_after=run_after).enqueue(edition_id))
        edition.last_batch_at = now
        edition.save(update_fields=["status", "sent_at", "last_batch_at"])
    # The edition's id and a count only: addresses stay out of logs.
    logger.info("newsletter edition %s: %s message(s) queued", edition_id, len(batch))
    return "sent" if edition.status == Edition.Status.SENT else "queued"
