"""Periodic jobs of the selection app (registered when the app is ready)."""

import datetime
import logging

from cohorte import periodic

from .publication import publish_due_results
from .retention import purge_expired_applications

logger = logging.getLogger(__name__)


@periodic.register("application_retention", every=datetime.timedelta(days=1))
def application_retention(now):
    """Delete the applications whose call's retention period is over, files included."""
    return purge_expired_applications(now)


@periodic.register("results_publication", every=datetime.timedelta(hours=1))
def results_publication(now):
    """Publish the selected fellows of calls whose results were announced (idempotent)."""
    count = publish_due_results(now)
    if count:
        logger.info("published %s fellow role(s)", count)
    return count
