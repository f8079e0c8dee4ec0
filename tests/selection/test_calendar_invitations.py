"""Calendar invitations that calendar programs act on (iTIP, RFC 5546 and 6047).

Each .ics is read by two independent parsers, icalendar and vobject; the e-mail as it leaves
is read from the MIME message the worker builds.
"""

import base64
import datetime

import pytest
import vobject
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import deliver
from cohorte.selection import interviews, panels
from cohorte.selection.models import InterviewSlot, Panel

pytestmark = pytest.mark.django_db
DAY = datetime.date(2031, 3, 12)  # Paris is UTC+1
LINK = "https://visio.example/abc"
ROOM = "DINUM, 20 avenue de Ségur, Paris (salle 4.12)"


def at(hour, minute=0):
    return interviews.paris_datetime(DAY, datetime.time(hour, minute))


@pytest.fixture
def invited(world, settings):
    """The world's interview (Jury A, in its room), shortlisted, at 9:00 on 12 March 2031."""
    settings.SITE_URL = "https://cohorte.example"
    settings.DEFAULT_FROM_EMAIL = "Programme EIG <eig@example.gouv.fr>"
    world.application.status = "shortlisted"
    world.application.save()
    slot = InterviewSlot.objects.get(application=world.application)
    slot.panel.location = ROOM
    slot.panel.save()
    slot.starts_at, slot.duration_minutes = at(9), 30
    slot.save()
    return slot


def calendars(message, index=0):
    """The attachment, and its calendar read by icalendar and by vobject."""
    item = message.attachments[index]
    content = base64.b64decode(item["content"])
    return item, Calendar.from_ical(content), vobject.readOne(content.decode("utf-8"))


def attendee_params(vevent):
    [attendee] = vevent.attendee_list
    return attendee.value, dict(attendee.params)


def test_the_invitation_is_an_itip_request_that_both_parsers_read_alike(world, invited):
    message = interviews.send_invitation(invited, world.team)
    item, ical, vcal = calendars(message)
    assert (item["filename"], item["content_type"]) == (
        "audition.ics",
        "text/calendar; method=REQUEST; charset=UTF-8",
    )
    event = ical.walk("VEVENT")[0]
    uid = f"audition-{invited.pk}@cohorte.example"
    assert (str(ical["method"]), str(event["uid"]), int(event["sequence"])) == ("REQUEST", uid, 0)
    assert (vcal.method.value, vcal.vevent.uid.value, vcal.vevent.sequence.value) == (
        "REQUEST",
        uid,
        "0",
    )
    start = datetime.datetime(2031, 3, 12, 8, 0, tzinfo=datetime.UTC)
    assert event.decoded("dtstart") == vcal.vevent.dtstart.value == start
    assert vcal.vevent.dtend.value == start + datetime.timedelta(minutes=30)
    assert vcal.vevent.dtstamp.value.tzinfo is not None
    assert str(event["location"]) == vcal.vevent.location.value == ROOM
    assert (vcal.vevent.status.value, "url" in event) == ("CONFIRMED", False)
    organizer = vcal.vevent.organizer
    assert (organizer.value, organizer.params["CN"]) == ("mailto:eig@example.gouv.fr",
                                                          ["Programme EIG"])  # fmt: skip
    assert str(event["organizer"]) == "mailto:eig@example.gouv.fr"
    assert attendee_params(vcal.vevent) == (
        f"mailto:{world.candidate.email}",
        {
            "CN": [world.application.display_name],
            "ROLE": ["REQ-PARTICIPANT"],
            "PARTSTAT": ["NEEDS-ACTION"],
            "RSVP": ["TRUE"],
        },
    )
    assert str(event["attendee"]) == f"mailto:{world.candidate.email}"
    assert f"Lieu : {ROOM}" in message.body
    assert vcal.vevent.description.value.endswith(f"Lieu : {ROOM}")


def test_a_remote_interviews_location_is_its_video_link_not_the_jury_room(world, invited):
    # On main the .ics said the jury's room while the e-mail gave the link.
    interviews.move_interview(
        invited, world.team, starts_at=at(9), duration_minutes=30, video_link=LINK
    )
    message = interviews.send_invitation(invited, world.team)
    _item, ical, vcal = calendars(message)
    event = ical.walk("VEVENT")[0]
    assert str(event["location"]) == vcal.vevent.location.value == LINK
    assert str(event["url"]) == vcal.vevent.url.value == LINK
    assert "Lieu : visioconférence, https://visio.example/abc\n" in message.body
    assert ROOM not in message.body and ROOM not in vcal.serialize()


def test_a_place_and_a_link_give_the_address_and_the_link(world, invited):
    invited.panel.video_link = LINK
    invited.panel.save()
    message = interviews.send_invitation(invited, world.team)
    _item, _ical, vcal = calendars(message)
    assert (vcal.vevent.location.value, vcal.vevent.url.value) == (ROOM, LINK)
    assert f"Lieu : {ROOM} (ou en visioconférence : {LINK})" in message.body


def test_no_place_at_all_reads_a_preciser(world, invited):
    Panel.objects.filter(pk=invited.panel_id).update(location="")
    invited.refresh_from_db()
    message = interviews.send_invitation(invited, world.team)
    _item, ical, vcal = calendars(message)
    assert "location" not in ical.walk("VEVENT")[0]
    assert not hasattr(vcal.vevent, "location")
    assert "Lieu : à préciser\n" in message.body


@pytest.mark.parametrize("answered", ["invited", "confirmed", "move_requested"])
def test_moving_an_interview_the_candidate_holds_sends_the_update_at_once(world, invited, answered):
    first = interviews.send_invitation(invited, world.team)
    InterviewSlot.objects.filter(pk=invited.pk).update(status=answered)
    invited.refresh_from_db()
    interviews.move_interview(
        invited, world.team, starts_at=at(14), duration_minutes=45, video_link=LINK
    )
    invited.refresh_from_db()
    assert (invited.status, invited.sequence) == ("invited", 1)  # the new time awaits them
    update = OutboxMessage.objects.exclude(pk=first.pk).get()
    assert update.to == [world.candidate.email]
    assert update.subject == f"Audition modifiée : {world.call.title}"
    assert "le 12 mars 2031 à 14 h 00 (heure de Paris), pour une durée de 45 minutes" in (
        update.body
    )
    assert f"Lieu : visioconférence, {LINK}" in update.body
    item, ical, vcal = calendars(update)
    assert item["content_type"] == "text/calendar; method=REQUEST; charset=UTF-8"
    assert (vcal.method.value, vcal.vevent.uid.value) == (
        "REQUEST",
        calendars(first)[2].vevent.uid.value,
    )
    assert (vcal.vevent.sequence.value, int(ical.walk("VEVENT")[0]["sequence"])) == ("1", 1)
    assert vcal.vevent.dtstart.value == datetime.datetime(2031, 3, 12, 13, 0, tzinfo=datetime.UTC)
    assert vcal.vevent.location.value == LINK
    entry = ActivityLog.objects.get(action="interview.update_sent")
    assert (entry.actor, entry.object_id) == (world.team, str(world.application.pk))
    assert entry.data == {"slot_id": invited.pk, "sequence": 1, "outbox_message_id": update.pk}
    # Moved again: the next version.
    interviews.move_interview(invited, world.team, starts_at=at(15), duration_minutes=45,
                              video_link=LINK)  # fmt: skip
    latest = OutboxMessage.objects.order_by("-pk").first()
    assert calendars(latest)[2].vevent.sequence.value == "2"


def test_a_save_that_changes_nothing_the_candidate_sees_sends_nothing(world, invited):
    interviews.send_invitation(invited, world.team)
    interviews.move_interview(invited, world.team, starts_at=at(9), duration_minutes=30,
                              challenge=invited.challenge)  # fmt: skip
    invited.refresh_from_db()
    assert (invited.status, invited.sequence, OutboxMessage.objects.count()) == ("invited", 0, 1)


def test_a_move_into_the_past_is_not_sent(world, invited):
    interviews.send_invitation(invited, world.team)
    past = datetime.datetime(2020, 1, 6, 9, 0, tzinfo=datetime.UTC)
    interviews.move_interview(invited, world.team, starts_at=past, duration_minutes=30)
    invited.refresh_from_db()
    assert (invited.status, invited.sequence, OutboxMessage.objects.count()) == ("planned", 1, 1)


def test_cancelling_sends_a_cancel_of_the_same_event_with_a_higher_sequence(world, invited):
    first = interviews.send_invitation(invited, world.team)
    interviews.move_interview(invited, world.team, starts_at=at(10), duration_minutes=30)
    interviews.cancel_interview(invited, world.team)
    invited.refresh_from_db()
    assert (invited.status, invited.sequence) == ("cancelled", 2)
    cancel = OutboxMessage.objects.get(subject__startswith="Audition annulée")
    item, ical, vcal = calendars(cancel)
    assert (item["filename"], item["content_type"]) == (
        "audition-annulee.ics",
        "text/calendar; method=CANCEL; charset=UTF-8",
    )
    assert (str(ical["method"]), vcal.method.value) == ("CANCEL", "CANCEL")
    assert vcal.vevent.uid.value == calendars(first)[2].vevent.uid.value
    assert (vcal.vevent.sequence.value, vcal.vevent.status.value) == ("2", "CANCELLED")
    assert attendee_params(vcal.vevent) == (
        f"mailto:{world.candidate.email}",
        {"CN": [world.application.display_name], "ROLE": ["REQ-PARTICIPANT"]},
    )
    entry = ActivityLog.objects.get(action="interview.cancellation_sent")
    assert entry.data == {"slot_id": invited.pk, "sequence": 2, "outbox_message_id": cancel.pk}


def test_cancelling_an_interview_never_sent_tells_nobody(world, invited):
    interviews.cancel_interview(invited, world.team)
    assert not OutboxMessage.objects.exists()
    assert not ActivityLog.objects.filter(action="interview.cancellation_sent").exists()


@pytest.mark.parametrize(("act", "method"), [("invite", "REQUEST"), ("cancel", "CANCEL")])
def test_the_calendar_part_leaves_with_its_method_in_the_mime_type(world, invited, act, method):
    interviews.send_invitation(invited, world.team)
    if act == "cancel":
        interviews.cancel_interview(invited, world.team)
    message = OutboxMessage.objects.order_by("-pk").first()
    assert deliver.call(message.pk) == "sent"
    email = mail.outbox[0].message()
    assert email.get_content_type() == "multipart/mixed"
    body, part = email.get_payload()
    assert body.get_content_type() == "text/plain"
    assert part.get_content_type() == "text/calendar"
    assert (part.get_param("method"), part.get_content_charset()) == (method, "utf-8")
    assert part.get_content_disposition() == "attachment"
    assert part.get_filename() == ("audition.ics" if act == "invite" else "audition-annulee.ics")
    parsed = vobject.readOne(part.get_payload(decode=True).decode("utf-8"))
    assert parsed.method.value == method
    assert parsed.vevent.uid.value == f"audition-{invited.pk}@cohorte.example"
    assert Calendar.from_ical(part.get_payload(decode=True))["method"] == method


def test_other_attachments_leave_as_before(world):
    from cohorte.notifications.domain import attachment, queue_email

    message = queue_email(
        ["a@example.org"], "Objet", "Corps", [attachment("a.pdf", "application/pdf", b"%PDF-1")]
    )
    assert deliver.call(message.pk) == "sent"
    [(name, content, mimetype)] = mail.outbox[0].attachments
    assert (name, content, mimetype) == ("a.pdf", b"%PDF-1", "application/pdf")


# A new place for the panel -------------------------------------------------------------


def test_a_new_panel_place_reaches_the_candidates_invited_without_a_place_of_their_own(
    world, invited
):
    interviews.send_invitation(invited, world.team)
    own = InterviewSlot.objects.create(
        panel=invited.panel, application=world.other_application, starts_at=at(11),
        location="Salle 2", status="invited",
    )  # fmt: skip
    panel = invited.panel
    panels.save_panel(
        world.call, world.team, name=panel.name, members=list(panel.members.all()),
        challenges=list(panel.challenges.all()), location="", video_link=LINK, panel=panel,
    )  # fmt: skip
    update = OutboxMessage.objects.get(subject__startswith="Audition modifiée")
    assert update.to == [world.candidate.email]
    assert calendars(update)[2].vevent.location.value == LINK
    own.refresh_from_db()
    assert own.sequence == 0  # its own room did not change
    panel.refresh_from_db()
    assert (panel.location, panel.video_link) == ("", LINK)


# The team's pages -----------------------------------------------------------------------


def _panel_data(panel, **changes):
    return {"name": panel.name, "members": [m.pk for m in panel.members.all()],
            "challenges": [c.pk for c in panel.challenges.all()], **changes}  # fmt: skip


def test_the_team_sets_a_panels_place_and_link(world, invited, as_user):
    client = as_user(world.team)
    url = reverse("selection:panel_edit", args=[invited.panel_id])
    page = client.get(url).content.decode()
    assert "Adresse et salle" in page and "Lien de visioconférence" in page
    response = client.post(url, _panel_data(invited.panel, location="Salle 1", video_link=LINK))
    assert response.status_code == 302
    panel = Panel.objects.get(pk=invited.panel_id)
    assert (panel.location, panel.video_link) == ("Salle 1", LINK)
    assert ActivityLog.objects.get(action="panel.updated").data["video_link"] == LINK


@pytest.mark.parametrize(
    ("link", "error"),
    [
        ("pas un lien", "Lien de visioconférence : saisissez une adresse web complète"),
        ("ftp://visio.example/x", "Lien de visioconférence : l&#x27;adresse doit commencer par"),
    ],
)
def test_a_bad_link_is_refused_with_a_french_message_and_changes_nothing(
    world, invited, as_user, link, error
):
    client = as_user(world.team)
    url = reverse("selection:panel_edit", args=[invited.panel_id])
    response = client.post(url, _panel_data(invited.panel, location="Ailleurs", video_link=link))
    assert response.status_code == 200
    assert error in response.content.decode()
    panel = Panel.objects.get(pk=invited.panel_id)
    assert (panel.location, panel.video_link) == (ROOM, "")
    slot_url = reverse("selection:slot_edit", args=[invited.pk])
    data = {"panel": invited.panel_id, "day": "2031-03-12", "time": "09:00",
            "duration_minutes": "30", "video_link": link}  # fmt: skip
    response = client.post(slot_url, data)
    assert error in response.content.decode()
    invited.refresh_from_db()
    assert invited.video_link == ""


@pytest.mark.parametrize("role", ["juror", "other_juror", "mentor", "candidate"])
def test_only_the_team_sets_a_panels_place(world, invited, as_user, role):
    client = as_user(getattr(world, role))
    url = reverse("selection:panel_edit", args=[invited.panel_id])
    response = client.post(url, _panel_data(invited.panel, video_link=LINK))
    assert response.status_code in (403, 404)
    assert Panel.objects.get(pk=invited.panel_id).video_link == ""


def test_the_candidate_pages_give_the_place_of_the_calendar(world, invited, as_user):
    interviews.move_interview(invited, world.team, starts_at=at(9), duration_minutes=30,
                              video_link=LINK)  # fmt: skip
    interviews.send_invitation(invited, world.team)
    client = as_user(world.candidate)
    page = client.get(reverse("selection:interview_respond", args=[invited.pk])).content.decode()
    assert "visioconférence :" in page and f'href="{LINK}"' in page
    assert ROOM not in page  # the jury's room is not where this interview takes place


def test_moving_from_the_page_says_the_candidate_gets_the_update(world, invited, as_user):
    interviews.send_invitation(invited, world.team)
    client = as_user(world.team)
    url = reverse("selection:slot_edit", args=[invited.pk])
    data = {"panel": invited.panel_id, "challenge": invited.challenge_id, "day": "2031-03-12",
            "time": "09:00", "duration_minutes": "30"}  # fmt: skip
    response = client.post(url, data, follow=True)
    assert "rien n&#x27;a changé pour le candidat" in response.content.decode()
    response = client.post(url, data | {"time": "16:00"}, follow=True)
    assert "le candidat reçoit aussitôt la mise à jour" in response.content.decode()
    assert OutboxMessage.objects.filter(subject__startswith="Audition modifiée").count() == 1


# A withdrawn application ----------------------------------------------------------------


def test_withdrawing_cancels_the_interviews_and_their_calendar_events(world, invited):
    from cohorte.calls import applications

    interviews.send_invitation(invited, world.team)
    invited.locked = True
    invited.save()
    planned = InterviewSlot.objects.create(
        panel=invited.panel, application=world.application, starts_at=at(15)
    )
    applications.withdraw(world.application, world.candidate)
    invited.refresh_from_db()
    planned.refresh_from_db()
    assert (invited.status, invited.sequence) == ("cancelled", 1)
    assert (planned.status, planned.sequence) == ("cancelled", 1)
    message = OutboxMessage.objects.get(subject__startswith="Candidature retirée")
    # Only the interview the candidate held: the planned one was never in their calendar.
    item, _ical, vcal = calendars(message)
    assert len(message.attachments) == 1
    assert item["content_type"] == "text/calendar; method=CANCEL; charset=UTF-8"
    assert (vcal.method.value, vcal.vevent.uid.value, vcal.vevent.sequence.value) == (
        "CANCEL", f"audition-{invited.pk}@cohorte.example", "1",
    )  # fmt: skip
    cancelled = ActivityLog.objects.filter(action="interview.cancelled").order_by("pk")
    assert [e.data for e in cancelled] == [
        {"slot_id": invited.pk, "withdrawn": True},
        {"slot_id": planned.pk, "withdrawn": True},
    ]
    assert ActivityLog.objects.get(action="interview.cancellation_sent").data == {
        "slot_id": invited.pk, "sequence": 1, "outbox_message_id": message.pk,
    }  # fmt: skip
