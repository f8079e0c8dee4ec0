"""Interviews assigned by hand: checks, invitation with its .ics, the candidate's answer."""

import base64
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.selection import interviews
from cohorte.selection.models import InterviewSlot
from tests.factories import ApplicationFactory, PanelFactory, UserFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
DAY = datetime.date(2031, 3, 12)  # a Wednesday, in winter time (UTC+1)


def at(hour, minute=0, day=DAY):
    return interviews.paris_datetime(day, datetime.time(hour, minute))


@pytest.fixture
def shortlisted(world):
    for application in (world.application, world.other_application):
        application.status = "shortlisted"
        application.save()
    return world


def test_paris_time_is_stored_in_utc_and_a_missing_hour_is_refused():
    assert at(9) == datetime.datetime(2031, 3, 12, 8, 0, tzinfo=datetime.UTC)
    summer = interviews.paris_datetime(datetime.date(2031, 6, 12), datetime.time(9))
    assert summer == datetime.datetime(2031, 6, 12, 7, 0, tzinfo=datetime.UTC)
    with pytest.raises(interviews.InterviewError, match="2 h 30 n'existe pas"):
        interviews.paris_datetime(datetime.date(2031, 3, 30), datetime.time(2, 30))


def test_schedule_records_and_requires_a_shortlisted_application(shortlisted, panel):
    world = shortlisted
    slot = interviews.schedule_interview(panel, world.other_application, at(9), 45, world.team,
                                         location="Salle 3")  # fmt: skip
    assert (slot.status, slot.duration_minutes, slot.location) == ("planned", 45, "Salle 3")
    entry = ActivityLog.objects.get(action="interview.scheduled")
    assert entry.object_id == str(world.other_application.pk)
    assert entry.data == {
        "slot_id": slot.pk, "panel_id": panel.pk, "starts_at": "2031-03-12T08:00:00+00:00",
        "duration_minutes": 45, "challenge_id": None,
    }  # fmt: skip
    draft = ApplicationFactory(call=world.call, status="submitted")
    with pytest.raises(interviews.InterviewError, match="présélectionnée"):
        interviews.schedule_interview(panel, draft, at(14), 30, world.team)


def test_a_panel_is_never_double_booked(shortlisted, panel):
    world = shortlisted
    interviews.schedule_interview(panel, world.application, at(9), 30, world.team)
    with pytest.raises(interviews.InterviewError) as error:
        interviews.schedule_interview(panel, world.other_application, at(9, 15), 30, world.team)
    assert error.value.messages == [
        "Le jury « Jury A » a déjà une audition de 9 h 00 à 9 h 30 le 12 mars 2031."
    ]
    # Back to back is fine.
    interviews.schedule_interview(panel, world.other_application, at(9, 30), 30, world.team)


def test_a_candidate_is_never_double_booked(shortlisted, panel, other_panel):
    world = shortlisted
    interviews.schedule_interview(panel, world.application, at(10), 60, world.team)
    with pytest.raises(interviews.InterviewError) as error:
        interviews.schedule_interview(other_panel, world.application, at(10, 30), 30, world.team)
    assert error.value.messages == [
        "Cette personne passe déjà une audition de 10 h 00 à 11 h 00 le 12 mars 2031 "
        "(jury « Jury A »)."
    ]


def test_a_member_shared_by_two_panels_is_never_in_two_places(shortlisted, panel, other_panel):
    world = shortlisted
    shared = UserFactory(first_name="Claude", last_name="Partagé")
    panel.members.add(shared)
    other_panel.members.add(shared)
    interviews.schedule_interview(panel, world.application, at(14), 30, world.team)
    with pytest.raises(interviews.InterviewError) as error:
        interviews.schedule_interview(other_panel, world.other_application, at(14, 10), 20,
                                      world.team)  # fmt: skip
    assert error.value.messages == [
        "Claude Partagé siège aussi au jury « Jury A », en audition de 14 h 00 à 14 h 30 le "
        "12 mars 2031."
    ]
    assert InterviewSlot.objects.filter(panel=other_panel).count() == 0


def test_a_cancelled_interview_frees_the_slot(shortlisted, panel):
    world = shortlisted
    first = interviews.schedule_interview(panel, world.application, at(9), 30, world.team)
    interviews.cancel_interview(first, world.team)
    interviews.schedule_interview(panel, world.other_application, at(9), 30, world.team)


def test_other_checks(shortlisted, panel):
    world = shortlisted
    with pytest.raises(interviews.InterviewError, match="n'examine pas le défi « Autre défi »"):
        interviews.schedule_interview(panel, world.application, at(9), 30, world.team,
                                      challenge=world.other_challenge)  # fmt: skip
    with pytest.raises(interviews.InterviewError, match="entre 5 et 480 minutes"):
        interviews.schedule_interview(panel, world.application, at(9), 600, world.team)
    foreign = PanelFactory()
    with pytest.raises(interviews.InterviewError, match="n'appartient pas à l'appel"):
        interviews.schedule_interview(foreign, world.application, at(9), 30, world.team)
    assert not ActivityLog.objects.exists()


def test_move_lock_and_cancel(shortlisted, panel, slot):
    world = shortlisted
    # Never sent: moved, it waits for its invitation (a sent one is updated: test_calendar).
    interviews.move_interview(slot, world.team, starts_at=at(11), duration_minutes=30)
    slot.refresh_from_db()
    assert (slot.starts_at, slot.status, slot.sequence) == (at(11), "planned", 1)
    moved = ActivityLog.objects.get(action="interview.moved")
    assert moved.data["starts_at"] == "2031-03-12T10:00:00+00:00"
    interviews.set_locked(slot, True, world.team)
    with pytest.raises(interviews.InterviewError, match="verrouillée"):
        interviews.move_interview(slot, world.team, starts_at=at(15), duration_minutes=30)
    with pytest.raises(interviews.InterviewError, match="verrouillée"):
        interviews.cancel_interview(slot, world.team)
    interviews.set_locked(slot, False, world.team)
    interviews.cancel_interview(slot, world.team)
    assert slot.status == "cancelled"
    with pytest.raises(interviews.InterviewError, match="annulée"):
        interviews.move_interview(slot, world.team, starts_at=at(15), duration_minutes=30)
    actions = list(ActivityLog.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["interview.moved", "interview.locked", "interview.unlocked",
                       "interview.cancelled"]  # fmt: skip
    assert not OutboxMessage.objects.exists()  # never invited: nothing to tell


def _ics(message, index=0):
    item = message.attachments[index]
    return item, Calendar.from_ical(base64.b64decode(item["content"]))


def test_invitation_email_with_its_calendar_file(shortlisted, panel, slot, settings):
    world = shortlisted
    settings.SITE_URL = "https://cohorte.example"
    interviews.move_interview(
        slot,
        world.team,
        starts_at=at(9, 30),
        duration_minutes=45,
        challenge=world.challenge,
        video_link="https://visio.example/abc",
    )
    message = interviews.send_invitation(slot, world.team)
    assert message.to == [world.candidate.email]
    assert message.subject == f"Invitation à une audition : {world.call.title}"
    assert "le 12 mars 2031 à 9 h 30 (heure de Paris), pour une durée de 45 minutes" in message.body
    respond = f"https://cohorte.example/jurys/auditions/{slot.pk}/reponse/"
    assert respond in message.body
    item, calendar = _ics(message)
    assert (item["filename"], item["content_type"]) == (
        "audition.ics",
        "text/calendar; method=REQUEST; charset=UTF-8",
    )
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime.datetime(2031, 3, 12, 8, 30, tzinfo=datetime.UTC)
    assert event.decoded("dtend") == datetime.datetime(2031, 3, 12, 9, 15, tzinfo=datetime.UTC)
    assert event.to_ical().decode().count("DTSTART:20310312T083000Z") == 1  # UTC form
    assert str(event["summary"]) == f"Audition — {world.call.title}"
    assert str(event["uid"]) == f"audition-{slot.pk}@cohorte.example"
    assert str(event["url"]) == "https://visio.example/abc"
    assert str(event["organizer"]).startswith("mailto:")
    assert int(event["sequence"]) == 1  # moved once
    slot.refresh_from_db()
    assert slot.status == "invited"
    entry = ActivityLog.objects.get(action="interview.invited")
    assert entry.data == {"slot_id": slot.pk, "outbox_message_id": message.pk}


def test_invitation_is_refused_when_confirmed_cancelled_or_past(shortlisted, slot):
    world = shortlisted
    slot.status = InterviewSlot.Status.CONFIRMED
    slot.save()
    with pytest.raises(interviews.InterviewError, match="confirmée"):
        interviews.send_invitation(slot, world.team)
    slot.status = InterviewSlot.Status.PLANNED
    slot.starts_at = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    slot.save()
    with pytest.raises(interviews.InterviewError, match="passée"):
        interviews.send_invitation(slot, world.team)
    assert not OutboxMessage.objects.exists()


def test_cancelling_an_invited_interview_tells_the_candidate(shortlisted, slot):
    world = shortlisted
    interviews.send_invitation(slot, world.team)
    interviews.cancel_interview(slot, world.team)
    message = OutboxMessage.objects.get(subject__startswith="Audition annulée")
    assert message.to == [world.candidate.email]
    _item, calendar = _ics(message)
    assert str(calendar["method"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CANCELLED"


def test_candidate_confirms(shortlisted, slot, settings):
    world = shortlisted
    settings.COHORTE_TEAM_EMAIL = "equipe@example.org"
    interviews.send_invitation(slot, world.team)
    interviews.respond_to_invitation(slot, world.candidate, "confirm")
    slot.refresh_from_db()
    assert slot.status == "confirmed"
    entry = ActivityLog.objects.get(action="interview.confirmed")
    assert (entry.actor, entry.data) == (world.candidate, {"slot_id": slot.pk,
                                                           "with_message": False})  # fmt: skip
    notice = OutboxMessage.objects.get(subject__startswith="Audition confirmée")
    assert notice.to == ["equipe@example.org"]
    with pytest.raises(interviews.InterviewError, match="n'attend pas de confirmation"):
        interviews.respond_to_invitation(slot, world.candidate, "confirm")


def test_candidate_asks_to_move_and_the_team_members_are_told(shortlisted, slot):
    world = shortlisted
    interviews.send_invitation(slot, world.team)
    with pytest.raises(interviews.InterviewError, match="message est obligatoire"):
        interviews.respond_to_invitation(slot, world.candidate, "move", "  ")
    with pytest.raises(interviews.InterviewError, match="ne vous concerne pas"):
        interviews.respond_to_invitation(slot, world.other_candidate, "move", "Non")
    interviews.respond_to_invitation(slot, world.candidate, "move", "Disponible jeudi matin.")
    slot.refresh_from_db()
    assert (slot.status, slot.candidate_message) == ("move_requested",
                                                     "Disponible jeudi matin.")  # fmt: skip
    notice = OutboxMessage.objects.get(subject__startswith="Demande de changement")
    assert notice.to == sorted([world.team.email, world.director.email])
    assert "Disponible jeudi matin." in notice.body
    assert ActivityLog.objects.get(action="interview.move_requested").data["with_message"] is True


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_invitation_with_its_attachment(world):
    from django.core.management import call_command

    world.application.status = "shortlisted"
    world.application.save()
    slot = InterviewSlot.objects.get(application=world.application)
    interviews.send_invitation(slot, world.team)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert len(mail.outbox) == 1
    [part] = [p for p in mail.outbox[0].message().walk() if p.get_content_type() == "text/calendar"]
    assert (part.get_filename(), part.get_param("method")) == ("audition.ics", "REQUEST")
    assert Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]["uid"]


# --- Views --------------------------------------------------------------------------


def test_team_schedules_through_the_form_in_paris_time(shortlisted, as_user, panel):
    world = shortlisted
    client = as_user(world.team)
    url = reverse("selection:slot_create", args=[world.call.slug])
    data = {"panel": panel.pk, "application": world.other_application.pk, "day": "2031-03-12",
            "time": "09:00", "duration_minutes": "30", "location": "Salle 1"}  # fmt: skip
    response = client.post(url, data)
    slot = InterviewSlot.objects.get(application=world.other_application)
    assert response["Location"] == reverse("selection:panel_detail", args=[panel.pk])
    assert slot.starts_at == datetime.datetime(2031, 3, 12, 8, 0, tzinfo=datetime.UTC)
    data["application"] = world.application.pk
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Le jury « Jury A » a déjà une audition de 9 h 00 à 9 h 30" in response.content.decode()
    assert InterviewSlot.objects.filter(application=world.application).count() == 1  # world's


def test_slot_form_refuses_a_time_that_does_not_exist(shortlisted, as_user, panel):
    world = shortlisted
    response = as_user(world.team).post(
        reverse("selection:slot_create", args=[world.call.slug]),
        {"panel": panel.pk, "application": world.other_application.pk, "day": "2031-03-30",
         "time": "02:30", "duration_minutes": "30"},
    )  # fmt: skip
    assert "2 h 30 n&#x27;existe pas ce jour-là à Paris" in response.content.decode()
    assert not InterviewSlot.objects.filter(application=world.other_application).exists()


def test_move_invite_lock_cancel_buttons(shortlisted, as_user, slot):
    world = shortlisted
    client = as_user(world.team)
    response = client.post(
        reverse("selection:slot_edit", args=[slot.pk]),
        {"panel": slot.panel_id, "day": "2031-03-13", "time": "16:00", "duration_minutes": "40"},
    )
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.starts_at == datetime.datetime(2031, 3, 13, 15, 0, tzinfo=datetime.UTC)
    client.post(reverse("selection:slot_invite", args=[slot.pk]))
    assert OutboxMessage.objects.filter(subject__startswith="Invitation").count() == 1
    client.post(reverse("selection:slot_lock", args=[slot.pk]), {"locked": "1"})
    response = client.post(reverse("selection:slot_cancel", args=[slot.pk]), follow=True)
    assert "verrouillée" in response.content.decode()
    slot.refresh_from_db()
    assert slot.status == "invited" and slot.locked


def test_candidate_answers_from_the_page(shortlisted, as_user, slot):
    world = shortlisted
    interviews.send_invitation(slot, world.team)
    client = as_user(world.candidate)
    url = reverse("selection:interview_respond", args=[slot.pk])
    page = client.get(url).content.decode()
    assert "Je confirme ma présence" in page
    assert "Jury A" not in page and world.juror.email not in page  # no juror's name
    response = client.post(url, {"answer": "move", "message": ""})
    assert "le message est obligatoire" in response.content.decode()
    slot.refresh_from_db()
    assert slot.status == "invited"
    response = client.post(url, {"answer": "confirm"}, follow=True)
    assert "Merci, votre audition est confirmée." in response.content.decode()
    slot.refresh_from_db()
    assert slot.status == "confirmed"
    response = client.post(url, {"answer": "move", "message": "Plutôt vendredi."}, follow=True)
    slot.refresh_from_db()
    assert slot.status == "move_requested"
    assert as_user(world.other_candidate).post(url, {"answer": "confirm"}).status_code == 404
