"""Periodic jobs of the calls app (registered when the app is ready)."""

import datetime
import logging

from cohorte import periodic

from . import applications

logger = logging.getLogger(__name__)


@periodic.register("application_reminders", every=datetime.timedelta(minutes=5))
def application_reminders(now):
    """E-mail candidates with a draft 48 h before their round or call closes."""
    count = applications.send_reminders(now)
    if count:
        logger.info("sent %s application reminders", count)
    return count
