"""The newsletter's periodic jobs: forget unconfirmed addresses, resume stalled sendings."""

import datetime
import logging

from django.conf import settings

from cohorte import periodic

from . import domain, tasks
from .models import Edition

logger = logging.getLogger(__name__)


@periodic.register("newsletter_forget_unconfirmed", every=datetime.timedelta(days=1))
def forget_unconfirmed(now) -> int:
    """Erase the addresses never confirmed within 30 days."""
    forgotten = domain.forget_unconfirmed(now)
    logger.info("Newsletter: %s unconfirmed address(es) forgotten", forgotten)
    return forgotten


@periodic.register("newsletter_resume", every=datetime.timedelta(minutes=1))
def resume_stalled(now) -> int:
    """Queue the next batch again for sendings whose batches stopped (a worker killed):
    those whose next batch is NEWSLETTER_STALLED_SECONDS late."""
    stalled_after = datetime.timedelta(seconds=settings.NEWSLETTER_STALLED_SECONDS)
    late = now - tasks.batch_interval() - stalled_after
    stalled = list(
        Edition.objects.filter(status=Edition.Status.SENDING, last_batch_at__lt=late).values_list(
            "pk", flat=True
        )
    )
    for edition_id in stalled:
        tasks.send_batch.enqueue(edition_id)
    logger.info("Newsletter: %s stalled sending(s) resumed", len(stalled))
    return len(stalled)
