"""Three days before closing, who has not answered gets a new link, once per survey."""

import datetime

import pytest

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.surveys import domain, jobs
from cohorte.surveys.models import Invitation

from .conftest import CLOSES, NOW, make_survey

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_the_reminder_goes_once_three_days_before_closing(cohort_world):
    survey = make_survey(cohort_world, audience="mentors")
    domain.send(survey, cohort_world.users["team"], NOW)
    Invitation.objects.filter(email="morgane@example.org").update(answered=True)
    assert jobs.remind_before_closing(CLOSES - 3 * DAY - datetime.timedelta(minutes=1)) == 0
    assert OutboxMessage.objects.count() == 2
    moment = CLOSES - 2 * DAY
    assert jobs.remind_before_closing(moment) == 1
    reminder = OutboxMessage.objects.order_by("pk").last()
    assert (reminder.to, reminder.subject) == (
        ["sacha@example.org"],
        "Rappel — questionnaire : Bilan de fin de programme",
    )
    survey.refresh_from_db()
    assert survey.auto_reminded_at == moment
    log = ActivityLog.objects.get(action="survey.reminded")
    assert (log.actor, log.data) == (None, {"invitations": 1})
    assert jobs.remind_before_closing(CLOSES - DAY) == 0  # once
    assert jobs.remind_before_closing(CLOSES + DAY) == 0
    assert OutboxMessage.objects.count() == 3


def test_no_reminder_when_everyone_answered_or_just_sent(cohort_world):
    answered = make_survey(cohort_world, audience="mentors")
    domain.send(answered, cohort_world.users["team"], NOW)
    Invitation.objects.update(answered=True)
    late = make_survey(cohort_world, audience="fellows", title="Envoyé tard")
    domain.send(late, cohort_world.users["team"], CLOSES - 2 * DAY)
    before = OutboxMessage.objects.count()
    assert jobs.remind_before_closing(CLOSES - DAY) == 0
    assert OutboxMessage.objects.count() == before
    assert not ActivityLog.objects.filter(action="survey.reminded").exists()
