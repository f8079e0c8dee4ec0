"""The automatic reminder of the exit surveys: three days before closing, once."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from cohorte import periodic

from . import domain
from .models import Survey

logger = logging.getLogger(__name__)
BEFORE_CLOSING = datetime.timedelta(days=3)


@periodic.register("survey_reminders", every=datetime.timedelta(hours=1))
def remind_before_closing(now) -> int:
    """Send a new link to who has not answered, for each survey closing within three days
    (and sent more than three days ago); returns how many surveys were reminded."""
    due = Survey.objects.filter(
        sent_at__lte=now - BEFORE_CLOSING,
        auto_reminded_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + BEFORE_CLOSING,
    ).order_by("pk")
    reminded = 0
    for survey in due:
        with transaction.atomic():
            claimed = Survey.objects.filter(pk=survey.pk, auto_reminded_at__isnull=True).update(
                auto_reminded_at=now
            )
            if not claimed:
                continue
            try:
                domain.remind(survey, None, now)
            except ValidationError:
                continue  # everyone answered: nothing to send
            reminded += 1
    logger.info("Survey reminders: %s survey(s) reminded", reminded)
    return reminded
