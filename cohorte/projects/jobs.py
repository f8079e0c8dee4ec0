"""Periodic jobs of the call for projects (registered when the app is ready)."""

import datetime
import logging

from cohorte import periodic

from .publication import publish_due_projects

logger = logging.getLogger(__name__)


@periodic.register("projects_publication", every=datetime.timedelta(hours=1))
def projects_publication(now):
    """Publish the défis of the calls for projects whose announcement date has passed."""
    count = publish_due_projects(now)
    if count:
        logger.info("published %s défi(s) of calls for projects", count)
    return count
