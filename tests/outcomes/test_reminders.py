"""Deliverable reminders (issue #12, §1): 7 days before each due date and the day after if
still missing, to the défi's fellows, once each."""

import datetime

import pytest

from cohorte import periodic
from cohorte.notifications.models import OutboxMessage
from cohorte.outcomes import jobs
from cohorte.outcomes.models import Closing, Deliverables
from tests.outcomes.conftest import at

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 11, 20)


def _run(on_day, day):
    on_day(day)
    return jobs.remind(day, at(day))


def test_reminders_before_and_after_each_due_date_once(cohort_world, on_day):
    world = cohort_world
    Closing.objects.create(cohort=world.cohort, report_sections=["Contexte"], report_due=DUE)
    assert _run(on_day, datetime.date(2027, 11, 12)) == 0  # 8 days before
    assert _run(on_day, datetime.date(2027, 11, 13)) == 2  # 7 days before, each défi
    mails = {tuple(m.to): m for m in OutboxMessage.objects.all()}
    assert set(mails) == {("alex@example.org", "camille@example.org"), ("lea@example.org",)}
    mail = mails[("lea@example.org",)]
    assert mail.subject == (
        "Rappel : livrable final attendu le 20 novembre 2027, défi « Cadastre ouvert »"
    )
    assert (
        "Un livrable final du défi « Cadastre ouvert » est attendu le 20 novembre 2027 : "
        "le rapport final." in mail.body
    )
    assert f"/mon-espace/defis/{world.second.pk}/livrables/" in mail.body
    assert _run(on_day, datetime.date(2027, 11, 14)) == 0  # never twice
    assert _run(on_day, datetime.date(2027, 11, 20)) == 0  # the due day itself
    # The first défi hands its report in; the second is late the day after.
    Deliverables.objects.filter(challenge=world.first).update(
        report_submitted_at=at(datetime.date(2027, 11, 19))
    )
    assert _run(on_day, datetime.date(2027, 11, 21)) == 1
    late = OutboxMessage.objects.latest("pk")
    assert late.to == ["lea@example.org"]
    assert late.subject == "Livrable final en retard : défi « Cadastre ouvert »"
    assert "attendu le 20 novembre 2027 n'est pas encore rendu : le rapport final." in late.body
    assert _run(on_day, datetime.date(2027, 11, 22)) == 0
    reminded = Deliverables.objects.get(challenge=world.second).reminded_at
    assert set(reminded) == {"report_before", "report_late"}
    assert OutboxMessage.objects.count() == 3


def test_a_closing_set_long_after_its_dates_sends_nothing(cohort_world, on_day):
    world = cohort_world
    Closing.objects.create(cohort=world.cohort, report_sections=["Contexte"], report_due=DUE)
    assert _run(on_day, datetime.date(2027, 12, 15)) == 0
    assert not OutboxMessage.objects.exists()


def test_the_periodic_jobs_are_registered(cohort_world, on_day):
    names = {job.name for job in periodic.jobs()}
    assert {"outcomes_deliverable_reminders", "outcomes_follow_ups"} <= names
    on_day(datetime.date(2028, 5, 30))
    results = periodic.run_due(at(datetime.date(2028, 5, 30)), force=True)
    assert results["outcomes_follow_ups"] == "ok"
    assert results["outcomes_deliverable_reminders"] == "ok"
    assert OutboxMessage.objects.filter(subject__startswith="Que devient").count() == 2
