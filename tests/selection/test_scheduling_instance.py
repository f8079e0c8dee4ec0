"""From the database to the scheduler's instance: interviews, panels, mentors, busy time, locks."""

import datetime

import pytest

from cohorte.selection.core.scheduling_instance import SchedulingInstance
from cohorte.selection.models import InterviewSlot, Unavailability
from cohorte.selection.scheduling_runs import (
    SchedulingParameters,
    build_scheduling_instance,
    check_parameters,
    default_parameters,
    local_intervals,
    scheduling_inputs,
)
from tests.factories import (
    ApplicationCallFactory,
    ApplicationChoiceFactory,
    ApplicationFactory,
    ChallengeFactory,
    InterviewSlotFactory,
    PanelFactory,
)
from tests.selection.scheduling_world import WINTER, WINTER_2, at, build_scheduling_world

pytestmark = pytest.mark.django_db
WINDOWS = ((9 * 60, 12 * 60 + 30), (14 * 60, 18 * 60))
BREAK = ((10 * 60 + 30, 10 * 60 + 45),)
CUT = [["09:00", "10:30"], ["10:45", "12:30"], ["14:00", "18:00"]]  # windows minus the break


@pytest.fixture
def sw(world):
    return build_scheduling_world(world)


def ids(sw):
    return {
        "A": f"p{sw.panel.pk}",
        "B": f"p{sw.other_panel.pk}",
        "chosen": f"d{sw.challenge.pk}",
        "other": f"d{sw.other_challenge.pk}",
        "juror": f"u{sw.juror.pk}",
        "other_juror": f"u{sw.other_juror.pk}",
        "mentor": f"u{sw.mentor.pk}",
        "arnaud": f"a{sw.arnaud.pk}",
        "bernard": f"a{sw.bernard.pk}",
        "zola": f"a{sw.zola.pk}",
    }


def test_instance_of_a_small_world_is_exact(sw):
    # Zola's interview for "Autre défi" is locked on the second day at 10:00 before Jury B.
    locked = InterviewSlotFactory(
        panel=sw.other_panel,
        application=sw.zola,
        challenge=sw.other_challenge,
        starts_at=at(WINTER_2, 10),
        locked=True,
    )
    # The mentor is away from Wednesday 14:00 to Thursday 10:00; Bernard all Wednesday.
    Unavailability.objects.create(
        call=sw.call, user=sw.mentor, starts_at=at(WINTER, 14), ends_at=at(WINTER_2, 10)
    )
    Unavailability.objects.create(
        call=sw.call,
        application=sw.bernard,
        starts_at=at(WINTER, 0),
        ends_at=at(WINTER_2, 0),
    )
    # Outside the days, or of someone who attends nothing: left out.
    Unavailability.objects.create(
        call=sw.call,
        user=sw.mentor,
        starts_at=at(datetime.date(2031, 4, 1), 9),
        ends_at=at(datetime.date(2031, 4, 1), 12),
    )
    Unavailability.objects.create(
        call=sw.call, user=sw.other_mentor, starts_at=at(WINTER, 9), ends_at=at(WINTER, 12)
    )
    # The juror also sits on another call's panel, busy on Wednesday 11:00-11:30.
    elsewhere = PanelFactory()
    elsewhere.members.add(sw.juror)
    InterviewSlotFactory(panel=elsewhere, starts_at=at(WINTER, 11))

    instance = build_scheduling_instance(sw.call, [WINTER, WINTER_2], WINDOWS, BREAK, 30)

    i = ids(sw)
    assert instance.to_dict() == {
        "slot_length": 30,
        "days": [
            {"id": "2031-03-12", "windows": CUT},
            {"id": "2031-03-13", "windows": CUT},
        ],
        # The mentor sits on Jury A but attends as the défi's mentor, not as a juror.
        "panels": [
            {"id": i["A"], "members": [i["juror"]]},
            {"id": i["B"], "members": [i["other_juror"]]},
        ],
        "defis": [
            {"id": i["other"], "panels": [i["B"]], "mentors": []},
            {"id": i["chosen"], "panels": [i["A"]], "mentors": [i["mentor"]]},
        ],
        "interviews": [
            {"id": f"{i['arnaud']}-{i['chosen']}", "candidate": i["arnaud"], "defi": i["chosen"]},
            {"id": f"{i['bernard']}-{i['other']}", "candidate": i["bernard"], "defi": i["other"]},
            {"id": f"{i['zola']}-{i['chosen']}", "candidate": i["zola"], "defi": i["chosen"]},
            {"id": f"{i['zola']}-{i['other']}", "candidate": i["zola"], "defi": i["other"]},
        ],
        "unavailabilities": [
            {"person": i["bernard"], "day": "2031-03-12", "start": "00:00", "end": "24:00"},
            {"person": i["juror"], "day": "2031-03-12", "start": "11:00", "end": "11:30"},
            {"person": i["mentor"], "day": "2031-03-12", "start": "14:00", "end": "24:00"},
            {"person": i["mentor"], "day": "2031-03-13", "start": "00:00", "end": "10:00"},
        ],
        "locks": [
            {"interview": f"{i['zola']}-{i['other']}", "day": "2031-03-13", "start": "10:00",
             "panel": i["B"]}
        ],
        "preferences": [],
    }  # fmt: skip
    inputs = scheduling_inputs(sw.call, SchedulingParameters(days=(WINTER, WINTER_2)))
    assert inputs.slots == {
        f"{i['arnaud']}-{i['chosen']}": sw.slot,
        f"{i['zola']}-{i['other']}": locked,
    }
    assert inputs.fixed == {f"{i['zola']}-{i['other']}"}
    assert (inputs.unavailability_rows, inputs.busy_slots) == (2, 1)
    assert SchedulingInstance.from_dict(instance.to_dict()) == instance


def test_invited_and_confirmed_slots_are_locks_and_may_bring_their_day(sw):
    sw.slot.status = InterviewSlot.Status.INVITED
    sw.slot.starts_at = at(datetime.date(2031, 3, 14), 15, 30)
    sw.slot.duration_minutes = 45
    sw.slot.save()
    inputs = scheduling_inputs(sw.call, SchedulingParameters(days=(WINTER,)))
    ref = f"a{sw.arnaud.pk}-d{sw.challenge.pk}"
    (lock,) = inputs.instance.locks
    assert (lock.interview, lock.day, lock.start, lock.panel) == (
        ref,
        "2031-03-14",
        15 * 60 + 30,
        f"p{sw.panel.pk}",
    )
    assert inputs.added_days == [datetime.date(2031, 3, 14)]
    assert [d.id for d in inputs.instance.days] == ["2031-03-12", "2031-03-14"]
    assert next(iv for iv in inputs.instance.interviews if iv.id == ref).length == 45
    # A move request may be moved: it is no lock.
    sw.slot.status = InterviewSlot.Status.MOVE_REQUESTED
    sw.slot.save()
    assert scheduling_inputs(sw.call, SchedulingParameters(days=(WINTER,))).instance.locks == ()


def test_done_interviews_withdrawn_and_uncovered_choices_are_left_out(sw):
    sw.slot.status = InterviewSlot.Status.CONFIRMED
    sw.slot.starts_at = at(datetime.date(2020, 3, 12), 9)
    sw.slot.save()
    sw.zola.status = "withdrawn"
    sw.zola.save()
    lost = ChallengeFactory(cohort=sw.call.cohort, title="Défi sans jury")
    sw.call.challenges.add(lost)
    lonely = ApplicationFactory(call=sw.call, status="shortlisted", last_name="Seul")
    ApplicationChoiceFactory(application=lonely, challenge=lost)
    inputs = scheduling_inputs(sw.call, SchedulingParameters(days=(WINTER,)))
    assert [iv.id for iv in inputs.instance.interviews] == [
        f"a{sw.bernard.pk}-d{sw.other_challenge.pk}"
    ]
    assert inputs.done == 1
    assert inputs.uncovered_challenges == [lost]
    assert inputs.unscheduled == [lonely]


def test_general_panels_and_all_mentors_option(sw):
    sw.other_panel.challenges.clear()  # Jury B examines no particular défi
    instance = build_scheduling_instance(sw.call, [WINTER], all_mentors=True)
    i = ids(sw)
    assert [(d.id, d.panels, d.mentors) for d in instance.defis] == [
        (i["chosen"], (i["A"],), (i["mentor"],)),
        ("general", (i["B"],), ()),
    ]
    # Bernard chose "Autre défi", which no panel examines: one general interview.
    assert f"{i['bernard']}-general" in {iv.id for iv in instance.interviews}
    sw.other_panel.challenges.add(sw.other_challenge)
    instance = build_scheduling_instance(sw.call, [WINTER], all_mentors=True)
    other = next(d for d in instance.defis if d.id == i["other"])
    assert other.mentors == (f"u{sw.other_mentor.pk}",)  # not on a panel, attends anyway


def test_local_intervals_follow_paris_wall_clock_across_time_changes():
    # 29-30 March 2031: the clocks go forward on Sunday 30 at 2:00.
    start = at(datetime.date(2031, 3, 29), 22)
    end = at(datetime.date(2031, 3, 31), 9)
    days = [datetime.date(2031, 3, d) for d in (29, 30, 31)]
    assert local_intervals(start, end, days) == [
        ("2031-03-29", 22 * 60, 24 * 60),
        ("2031-03-30", 0, 24 * 60),
        ("2031-03-31", 0, 9 * 60),
    ]


def test_parameters_are_checked_with_clear_messages():
    today = datetime.date(2031, 1, 1)
    bad = SchedulingParameters(
        days=(datetime.date(2030, 12, 31),),
        windows=((12 * 60 + 30, 9 * 60), (14 * 60, 18 * 60), (17 * 60, 19 * 60)),
        slot_minutes=0,
        time_limit=90,
    )
    assert check_parameters(bad, today) == [
        ("days", "Ces jours sont passés : 31 décembre 2030."),
        ("windows", "12:30-9:00 finit avant de commencer."),
        ("windows", "Les plages 14:00-18:00 et 17:00-19:00 se chevauchent."),
        ("slot_minutes", "La durée d'une audition doit être comprise entre 5 et 480 minutes."),
        ("time_limit", "Le temps de calcul doit être compris entre 1 et 30 secondes."),
    ]
    all_break = SchedulingParameters(days=(today,), windows=((540, 600),), breaks=((500, 700),))
    assert check_parameters(all_break, today) == [
        ("breaks", "Les pauses couvrent toutes les plages horaires.")
    ]
    assert check_parameters(SchedulingParameters(days=()), today) == [
        ("days", "Indiquez au moins un jour d'audition.")
    ]


def test_default_days_are_the_rounds_interview_weekdays():
    call = ApplicationCallFactory()
    call.rounds.update(interviews_start=WINTER, interviews_end=datetime.date(2031, 3, 17))
    parameters = default_parameters(call)
    assert parameters.days == (
        WINTER,
        WINTER_2,
        datetime.date(2031, 3, 14),
        datetime.date(2031, 3, 17),  # the weekend is skipped
    )
    assert parameters.windows == WINDOWS
    assert SchedulingParameters.from_dict(parameters.to_dict()) == parameters
