"""The reminder 48 h before closing, and the periodic runner that sends it."""

import datetime

import pytest
from django.core.management import call_command

from cohorte import periodic
from cohorte.audit.models import ActivityLog
from cohorte.calls import applications
from cohorte.calls.models import Application, PeriodicRun, Round
from cohorte.notifications.models import OutboxMessage
from tests.calls.conftest import CLOSES, DURING, second_round
from tests.factories import ApplicationCallFactory, ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db
HOURS_48 = datetime.timedelta(hours=48)


def _draft(call, username):
    return ApplicationFactory(
        call=call, candidate=UserFactory(username=username), status=Application.Status.DRAFT,
        round=None, submitted_at=None, first_submitted_at=None, version=0, first_name="Sam",
        last_name=username,
    )  # fmt: skip


def test_drafts_are_reminded_once_48_hours_before_closing(fixed_call, draft):
    second = _draft(fixed_call, "second")
    ApplicationFactory(call=fixed_call, candidate=UserFactory(username="done"))  # submitted
    assert applications.send_reminders(CLOSES - HOURS_48 - datetime.timedelta(minutes=1)) == 0
    assert applications.send_reminders(CLOSES - HOURS_48) == 2
    assert sorted(m.to[0] for m in OutboxMessage.objects.all()) == [
        "camille@example.org",
        "second@example.org",
    ]
    email = OutboxMessage.objects.get(to=["second@example.org"])
    assert email.subject == "Plus que 48 heures pour déposer votre candidature"
    assert "L'appel ferme le 7 juin 2026 à 23 h 00, heure de Paris." in email.body
    assert Round.objects.get().reminder_sent_at == CLOSES - HOURS_48
    assert applications.send_reminders(CLOSES - datetime.timedelta(hours=1)) == 0
    assert OutboxMessage.objects.count() == 2
    reminded = ActivityLog.objects.filter(action="application.reminder_sent")
    assert sorted(int(e.object_id) for e in reminded) == sorted([draft.pk, second.pk])
    assert ActivityLog.objects.get(action="round.reminders_sent").data == {"count": 2}


def test_each_round_is_reminded(fixed_call, draft):
    second_round(fixed_call)
    first_close = fixed_call.rounds.get(name="Session 1").closes_at
    assert applications.send_reminders(first_close - datetime.timedelta(hours=10)) == 1
    assert applications.send_reminders(CLOSES - datetime.timedelta(hours=10)) == 1
    assert OutboxMessage.objects.count() == 2


def test_a_call_without_rounds_is_reminded_once(db):
    call = ApplicationCallFactory()
    call.rounds.all().delete()
    _draft(call, "solo")
    now = call.closes_at - datetime.timedelta(hours=3)
    assert applications.send_reminders(now) == 1
    assert applications.send_reminders(now) == 0
    call.refresh_from_db()
    assert call.reminder_sent_at == now
    assert ActivityLog.objects.get(action="call.reminders_sent").data == {"count": 1}


def test_run_due_runs_each_job_once_per_period(fixed_call, draft):
    now = CLOSES - datetime.timedelta(hours=5)
    assert periodic.run_due(now)["application_reminders"] == "ok"
    assert "application_reminders" not in periodic.run_due(now + datetime.timedelta(minutes=1))
    assert periodic.run_due(now + datetime.timedelta(minutes=5))["application_reminders"] == "ok"
    assert OutboxMessage.objects.count() == 1  # the reminder itself is idempotent
    assert PeriodicRun.objects.get(
        name="application_reminders"
    ).last_run_at == now + datetime.timedelta(minutes=5)


def test_a_failing_job_is_recorded_and_others_still_run(db, monkeypatch):
    ran = []
    monkeypatch.setattr(periodic, "_jobs", {})
    periodic.register("broken", every=datetime.timedelta(minutes=1))(lambda now: 1 / 0)
    periodic.register("fine", every=datetime.timedelta(minutes=1))(ran.append)
    assert periodic.run_due(DURING) == {"broken": "error", "fine": "ok"}
    assert ran == [DURING]
    assert PeriodicRun.objects.get(name="broken").last_error == (
        "ZeroDivisionError: division by zero"
    )


def test_the_command_runs_due_jobs(fixed_call, draft, capsys):
    call_command("run_periodic", "--list")
    assert "application_reminders" in capsys.readouterr().out
    call_command("run_periodic")
    assert "application_reminders : ok" in capsys.readouterr().out
    call_command("run_periodic")
    assert "application_reminders" not in capsys.readouterr().out


def test_the_embedded_server_thread_runs_jobs(transactional_db, monkeypatch):
    import threading

    from cohorte.server import start_periodic_thread

    calls = []
    done = threading.Event()
    monkeypatch.setattr(periodic, "_jobs", {})

    def job(now):
        calls.append(now)
        done.set()

    periodic.register("probe", every=datetime.timedelta(hours=1))(job)
    stop = threading.Event()
    thread = start_periodic_thread(interval=0.01, stop=stop)
    assert done.wait(5)
    stop.set()
    thread.join(5)
    assert len(calls) == 1
