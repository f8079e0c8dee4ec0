"""Moments that people read are in Paris time, written the site's way, wherever they appear."""

import datetime

import pytest

from cohorte.audit.models import ActivityLog
from tests.factories import InterviewSlotFactory

pytestmark = pytest.mark.django_db
SUMMER_NINE = datetime.datetime(2026, 6, 2, 7, 0, tzinfo=datetime.UTC)  # 9 h 00 in Paris


def test_an_interview_slot_names_its_paris_time():
    slot = InterviewSlotFactory(starts_at=SUMMER_NINE)
    assert str(slot) == f"{slot.application_id} @ 2 juin 2026 à 9 h 00"


def test_an_activity_log_entry_names_its_paris_time():
    entry = ActivityLog(action="call.created", created_at=SUMMER_NINE)
    assert str(entry) == "2 juin 2026 à 9 h 00 call.created"
