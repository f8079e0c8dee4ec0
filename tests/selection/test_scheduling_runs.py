"""Running the scheduler, reading its report, applying a timetable, sending the invitations."""

import base64
import datetime

import pytest
from icalendar import Calendar

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.selection.core.scheduling_checks import check_timetable
from cohorte.selection.core.scheduling_instance import SchedulingInstance
from cohorte.selection.core.scheduling_solution import ScheduleSolution
from cohorte.selection.models import InterviewSlot, SolverRun, Unavailability
from cohorte.selection.scheduling_report import Labels, conflict_report, timetable_by_day
from cohorte.selection.scheduling_runs import (
    SchedulingError,
    SchedulingParameters,
    apply_run,
    invite_planned,
    plan_changes,
    run_scheduling,
)
from tests.factories import ApplicationFactory, InterviewSlotFactory
from tests.selection.scheduling_world import (
    SUMMER,
    WINTER,
    WINTER_2,
    at,
    build_scheduling_world,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _one_worker(settings):
    settings.COHORTE_SOLVER_WORKERS = 1


@pytest.fixture
def sw(world):
    return build_scheduling_world(world)


def params(*days, **changes):
    return SchedulingParameters(days=days or (WINTER,), time_limit=5, **changes)


def solution_of(run):
    return ScheduleSolution.from_dict(run.solution)


def test_run_produces_a_valid_stored_timetable(sw):
    run = run_scheduling(sw.call, sw.team, params(WINTER, WINTER_2))
    run = SolverRun.objects.get(pk=run.pk)
    assert (run.kind, run.status, run.created_by) == ("scheduling", "optimal", sw.team)
    instance = SchedulingInstance.from_dict(run.instance)
    solution = solution_of(run)
    assert len(solution.timetable) == 4
    assert check_timetable(instance, solution.timetable) == []
    assert solution.metrics.days_used == ("2031-03-12",)  # fewest days
    assert solution.metrics.extra_visits == 0  # Zola comes once for both défis
    assert run.parameters["days"] == ["2031-03-12", "2031-03-13"]
    entry = ActivityLog.objects.get(action="scheduling.run")
    assert (entry.object_id, entry.actor) == (str(sw.call.pk), sw.team)
    assert entry.data == {
        "run_id": run.pk, "status": "optimal", "interviews": 4, "days_used": 1, "lower_bound": 1,
    }  # fmt: skip
    days = timetable_by_day(run)
    assert [d["label"] for d in days] == ["mercredi 12 mars 2031"]
    assert days[0]["panels"] == ["Jury A", "Jury B"]
    names = {c["candidate"] for row in days[0]["rows"] for c in row["cells"] if c}
    assert names == {"Alex Arnaud", "Alex Bernard", "Alex Zola"}
    assert conflict_report(run) == {"intro": "", "items": []}


def test_a_mentor_away_every_day_gives_a_french_report_naming_them(sw):
    Unavailability.objects.create(
        call=sw.call, user=sw.mentor, starts_at=at(WINTER, 0), ends_at=at(WINTER_2, 0)
    )
    run = run_scheduling(sw.call, sw.team, params(WINTER))
    assert run.status == "infeasible"
    assert run.solution["timetable"] == []
    report = conflict_report(run)
    assert report["intro"].startswith("Aucun planning n'est possible")
    mentor = f"{sw.mentor.get_full_name()} (mentor du défi « Défi choisi »)"
    assert report["items"] and all(mentor in item for item in report["items"])
    assert report["items"][0] == (
        "L'audition de Alex Arnaud (défi « Défi choisi ») n'a aucun créneau où tout le monde "
        f"est libre, à cause des indisponibilités de {mentor}."
    )
    # Ids only in the run: no name is kept there.
    assert sw.mentor.last_name not in str(run.solution) + str(run.instance)
    with pytest.raises(SchedulingError, match="pas produit de planning"):
        apply_run(run, sw.team)


def test_conflicting_locks_are_reported_with_names(sw):
    # Two locked interviews of Zola at the same time: the candidate cannot be in both.
    for panel, challenge in ((sw.panel, sw.challenge), (sw.other_panel, sw.other_challenge)):
        InterviewSlotFactory(
            panel=panel, application=sw.zola, challenge=challenge,
            starts_at=at(WINTER, 9), locked=True,
        )  # fmt: skip
    run = run_scheduling(sw.call, sw.team, params(WINTER))
    assert run.status == "infeasible"
    labels = Labels(run.instance)
    assert conflict_report(run, labels)["items"] == [
        "Les auditions verrouillées de Alex Zola (défi « Défi choisi ») et de Alex Zola "
        "(défi « Autre défi ») se chevauchent et réunissent le même jury ou les mêmes personnes."
    ]


def test_nothing_to_schedule_is_refused(world):
    with pytest.raises(SchedulingError, match="Rien à planifier"):
        run_scheduling(world.call, world.team, params())
    assert not SolverRun.objects.exists()


def _expected_utc(row, offset_hours):
    day = datetime.date.fromisoformat(row["day"])
    hours, minutes = map(int, row["start"].split(":"))
    local = datetime.datetime.combine(day, datetime.time(hours, minutes))
    return (local - datetime.timedelta(hours=offset_hours)).replace(tzinfo=UTC)


@pytest.mark.parametrize(("day", "offset"), [(WINTER, 1), (SUMMER, 2)], ids=["winter", "summer"])
def test_apply_creates_and_moves_slots_in_utc(sw, day, offset):
    run = run_scheduling(sw.call, sw.team, params(day))
    rows = {r["interview"]: r for r in run.solution["timetable"]}
    before = InterviewSlot.objects.count()
    plan = apply_run(run, sw.director)
    assert (len(plan.create), len(plan.move), len(plan.unchanged), len(plan.kept)) == (3, 1, 0, 0)
    assert InterviewSlot.objects.count() == before + 3  # Arnaud's slot moved, not duplicated
    for ref, row in rows.items():
        app_pk, challenge_pk = (int(x[1:]) for x in ref.split("-"))
        slot = InterviewSlot.objects.get(application_id=app_pk, challenge_id=challenge_pk)
        assert slot.starts_at == _expected_utc(row, offset)
        assert (slot.panel_id, slot.duration_minutes, slot.status, slot.locked) == (
            int(row["panel"][1:]), 30, "planned", False,
        )  # fmt: skip
    sw.slot.refresh_from_db()
    assert sw.slot.starts_at == _expected_utc(rows[f"a{sw.arnaud.pk}-d{sw.challenge.pk}"], offset)
    run.refresh_from_db()
    assert run.applied_at is not None
    applied = ActivityLog.objects.get(action="scheduling.applied")
    assert (applied.object_id, applied.actor) == (str(sw.call.pk), sw.director)
    created = sorted(s.pk for s in InterviewSlot.objects.exclude(pk=sw.slot.pk))
    assert applied.data == {
        "run_id": run.pk, "created": created, "moved": [sw.slot.pk], "unchanged": 0, "kept": 0,
    }  # fmt: skip
    moved = ActivityLog.objects.get(action="interview.moved")
    assert moved.object_id == str(sw.arnaud.pk)
    assert moved.data["run_id"] == run.pk and moved.data["slot_id"] == sw.slot.pk
    assert (
        ActivityLog.objects.filter(action="interview.scheduled", data__run_id=run.pk).count() == 3
    )
    with pytest.raises(SchedulingError, match="déjà appliqué"):
        apply_run(run, sw.team)


def test_apply_never_touches_locked_or_invited_slots(sw):
    locked = sw.slot
    locked.starts_at, locked.locked = at(WINTER, 16), True
    locked.save()
    invited = InterviewSlotFactory(
        panel=sw.other_panel, application=sw.zola, challenge=sw.other_challenge,
        starts_at=at(WINTER, 9), status="invited",
    )  # fmt: skip
    snapshot = list(InterviewSlot.objects.order_by("pk").values())
    run = run_scheduling(sw.call, sw.team, params(WINTER))
    plan = apply_run(run, sw.team)
    assert (len(plan.create), len(plan.move), len(plan.kept)) == (2, 0, 2)
    after = {s["id"]: s for s in InterviewSlot.objects.values()}
    for row in snapshot:
        assert after[row["id"]] == row
    assert not ActivityLog.objects.filter(
        action__in=["interview.moved", "interview.scheduled"],
        data__slot_id__in=[locked.pk, invited.pk],
    ).exists()


def test_apply_is_refused_when_the_data_changed(sw):
    run = run_scheduling(sw.call, sw.team, params(WINTER))
    Unavailability.objects.create(
        call=sw.call, user=sw.juror, starts_at=at(WINTER, 9), ends_at=at(WINTER, 10)
    )
    snapshot = list(InterviewSlot.objects.values())
    with pytest.raises(SchedulingError) as error:
        apply_run(run, sw.team)
    assert error.value.messages == [
        "Les données ont changé depuis ce calcul (les indisponibilités ou les autres auditions "
        "des mêmes personnes) : relancez la planification avant de l'appliquer."
    ]
    assert list(InterviewSlot.objects.values()) == snapshot
    assert not ActivityLog.objects.filter(action="scheduling.applied").exists()


def test_apply_is_all_or_nothing(sw):
    # Jury B has no member: a slot put on it meanwhile is invisible to the instance, and
    # the final check refuses the whole timetable.
    sw.other_panel.members.clear()
    run = run_scheduling(sw.call, sw.team, params(WINTER))
    on_b = next(r for r in run.solution["timetable"] if r["panel"] == f"p{sw.other_panel.pk}")
    hours, minutes = map(int, on_b["start"].split(":"))
    intruder = ApplicationFactory(call=sw.call, status="submitted")
    InterviewSlotFactory(
        panel=sw.other_panel, application=intruder, starts_at=at(WINTER, hours, minutes)
    )
    snapshot = list(InterviewSlot.objects.order_by("pk").values())
    with pytest.raises(SchedulingError, match="Le jury « Jury B » a déjà une audition"):
        apply_run(run, sw.team)
    assert list(InterviewSlot.objects.order_by("pk").values()) == snapshot
    run.refresh_from_db()
    assert run.applied_at is None
    assert not ActivityLog.objects.filter(action__startswith="interview.").exists()


def test_plan_changes_lists_unchanged_slots(sw):
    run = run_scheduling(sw.call, sw.team, params(WINTER))
    apply_run(run, sw.team)
    second = run_scheduling(sw.call, sw.team, params(WINTER))
    plan = plan_changes(second)
    assert len(plan.create) == 0
    assert len(plan.move) + len(plan.unchanged) == 4


def test_invite_all_sends_one_email_with_ics_per_planned_slot(sw, settings):
    settings.SITE_URL = "https://cohorte.example"
    apply_run(run_scheduling(sw.call, sw.team, params(WINTER)), sw.team)
    already = InterviewSlot.objects.get(application=sw.bernard)
    already.status = "confirmed"
    already.save()
    planned = list(InterviewSlot.objects.filter(status="planned").order_by("starts_at", "pk"))
    assert len(planned) == 3
    messages = invite_planned(sw.call, sw.team)
    assert len(messages) == 3 == OutboxMessage.objects.count()
    for message in messages:
        item = message.attachments[0]
        assert (item["filename"], item["content_type"]) == (
            "audition.ics",
            "text/calendar; method=REQUEST; charset=UTF-8",
        )
        event = Calendar.from_ical(base64.b64decode(item["content"])).walk("VEVENT")[0]
        slot = next(s for s in planned if str(event["uid"]) == f"audition-{s.pk}@cohorte.example")
        assert event.decoded("dtstart") == slot.starts_at
        assert message.to == [slot.application.candidate.email]
    assert set(InterviewSlot.objects.values_list("status", flat=True)) == {"invited", "confirmed"}
    invited = ActivityLog.objects.filter(action="interview.invited")
    assert sorted(e.data["slot_id"] for e in invited) == sorted(s.pk for s in planned)
    with pytest.raises(SchedulingError, match="Aucune audition prévue"):
        invite_planned(sw.call, sw.team)


def test_apply_sends_the_new_time_to_a_candidate_who_asked_to_move(sw, settings):
    settings.SITE_URL = "https://cohorte.example"
    moving = sw.slot  # Arnaud holds the invitation and asked for another time
    moving.starts_at, moving.status = at(WINTER, 19), "move_requested"
    moving.save()
    run = run_scheduling(sw.call, sw.team, params(WINTER))
    plan = apply_run(run, sw.team)
    assert [c.slot.pk for c in plan.move] == [moving.pk]
    moving.refresh_from_db()
    assert (moving.status, moving.sequence) == ("invited", 1)
    [update] = OutboxMessage.objects.all()  # the new interviews wait for their invitation
    assert update.subject.startswith("Audition modifiée") and update.to == [
        sw.arnaud.candidate.email
    ]
    event = Calendar.from_ical(base64.b64decode(update.attachments[0]["content"]))
    assert str(event["method"]) == "REQUEST"
    vevent = event.walk("VEVENT")[0]
    assert (str(vevent["uid"]), int(vevent["sequence"])) == (
        f"audition-{moving.pk}@cohorte.example",
        1,
    )
    assert vevent.decoded("dtstart") == moving.starts_at
    entry = ActivityLog.objects.get(action="interview.update_sent")
    assert entry.data == {"slot_id": moving.pk, "sequence": 1, "outbox_message_id": update.pk}
    created = InterviewSlot.objects.exclude(pk=moving.pk)
    assert set(created.values_list("status", flat=True)) == {"planned"}
