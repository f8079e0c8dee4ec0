"""The défi jury's auditions by hand: referee, move with clash checks, lock, convocations."""

import base64

import pytest
import vobject
from icalendar import Calendar

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.projects import auditions
from cohorte.projects.jury_runs import JuryError
from cohorte.projects.models import Audition, OrganisationMember, PanelVerdict
from cohorte.selection.models import InterviewSlot
from tests.factories import InterviewSlotFactory, PanelFactory, UserFactory
from tests.projects.jury_world import DAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def timed(project_world):
    """The world's two défis auditioned at 9:00 (Jury A) and 10:00 (Jury B)."""
    pw = project_world
    first = Audition.objects.create(panel=pw.panel, proposal=pw.proposal, starts_at=at(DAY, 9))
    second = Audition.objects.create(
        panel=pw.other_panel, proposal=pw.other_proposal, starts_at=at(DAY, 10)
    )
    return first, second


def test_the_referee_is_a_member_of_the_panel(project_world):
    pw = project_world
    with pytest.raises(JuryError, match="Le référent doit être un membre du jury."):
        auditions.set_referee(pw.panel, pw.other_juror, pw.team)
    colleague = UserFactory(username="colleague")
    pw.panel.members.add(colleague)
    auditions.set_referee(pw.panel, colleague, pw.team)
    pw.panel.refresh_from_db()
    assert pw.panel.referee == colleague
    entry = ActivityLog.objects.get(action="panel.referee_set")
    assert entry.data == {"referee_id": colleague.pk, "before": pw.juror.pk}


def test_moving_onto_the_same_panel_at_the_same_time_is_refused(project_world, timed):
    first, second = timed
    with pytest.raises(JuryError) as error:
        auditions.move_audition(second, project_world.team, starts_at=at(DAY, 9, 30),
                                panel=project_world.panel)  # fmt: skip
    assert error.value.messages == [
        "Le « Jury des défis A » auditionne déjà « Détecter les fraudes » de 9 h 00 à 9 h 45 "
        "le 12 mars 2031."
    ]
    second.refresh_from_db()
    assert second.starts_at == at(DAY, 10) and second.panel == project_world.other_panel
    assert not ActivityLog.objects.filter(action="audition.moved").exists()


def test_a_juror_on_two_panels_cannot_be_in_two_auditions_at_once(project_world, timed):
    pw = project_world
    first, second = timed
    pw.other_panel.members.add(pw.juror)
    with pytest.raises(JuryError) as error:
        auditions.move_audition(second, pw.team, starts_at=at(DAY, 9, 15))
    message = error.value.messages[0]
    assert message.startswith(f"{pw.juror.get_full_name()} siège aussi au « Jury des défis A »")
    assert "de 9 h 00 à 9 h 45 le 12 mars 2031" in message


def test_a_candidate_interview_of_a_juror_is_a_clash(project_world, timed):
    pw = project_world
    first, _second = timed
    interviews = PanelFactory(name="Jury des candidatures")
    interviews.members.add(pw.juror)
    InterviewSlotFactory(panel=interviews, starts_at=at(DAY, 14), duration_minutes=30)
    with pytest.raises(JuryError, match="en audition de candidat·e de 14 h 00 à 14 h 30"):
        auditions.move_audition(first, pw.team, starts_at=at(DAY, 14, 15))
    InterviewSlot.objects.update(status=InterviewSlot.Status.CANCELLED)
    auditions.move_audition(first, pw.team, starts_at=at(DAY, 14, 15))


def test_a_move_changes_time_and_panel_and_asks_for_a_new_convocation(project_world, timed):
    pw = project_world
    first, _second = timed
    auditions.move_audition(first, pw.team, starts_at=at(DAY, 11), panel=pw.other_panel)
    first.refresh_from_db()
    # Not convened yet: it waits for its convocation (a convened one is updated at once).
    assert (first.starts_at, first.panel, first.status, first.sequence) == (
        at(DAY, 11),
        pw.other_panel,
        Audition.Status.PLANNED,
        1,
    )
    assert not OutboxMessage.objects.exists()
    assert list(pw.panel.proposals.all()) == []
    assert set(pw.other_panel.proposals.all()) == {pw.proposal, pw.other_proposal}
    entry = ActivityLog.objects.get(action="audition.moved")
    assert entry.object_id == str(pw.proposal.pk)
    assert entry.data["before"]["panel_id"] == pw.panel.pk
    assert entry.data["panel_id"] == pw.other_panel.pk


def test_a_locked_audition_or_a_judged_defi_does_not_move(project_world, timed):
    pw = project_world
    first, _second = timed
    auditions.set_locked(first, True, pw.team)
    with pytest.raises(JuryError, match="verrouillée"):
        auditions.move_audition(first, pw.team, starts_at=at(DAY, 15))
    auditions.set_locked(first, False, pw.team)
    assert [e.action for e in ActivityLog.objects.order_by("pk")] == [
        "audition.locked",
        "audition.unlocked",
    ]
    PanelVerdict.objects.create(
        panel=pw.panel, proposal=pw.proposal, favourable=True, position=1, justification="Oui"
    )
    with pytest.raises(JuryError, match="ne peut plus changer de jury"):
        auditions.move_audition(first, pw.team, starts_at=at(DAY, 15), panel=pw.other_panel)
    auditions.move_audition(first, pw.team, starts_at=at(DAY, 15))  # same panel: fine
    with pytest.raises(JuryError, match="Choisissez un moment à venir."):
        auditions.move_audition(first, pw.team, starts_at=at(DAY.replace(year=2020), 15))


def test_convocations_reach_the_administration_with_a_calendar_file(project_world, timed):
    pw = project_world
    first, second = timed
    colleague = UserFactory(username="collegue", email="collegue@interieur.gouv.fr")
    OrganisationMember.objects.create(organisation=pw.organisation, user=colleague)
    pw.panel.location = "Salle 101, 20 avenue de Ségur"
    pw.panel.save()
    sent = auditions.invite_planned(pw.call, pw.team)
    assert len(sent) == 2
    message = next(m for m in OutboxMessage.objects.all() if "collegue@interieur.gouv.fr" in m.to)
    assert sorted(message.to) == ["admin.user@interieur.gouv.fr", "collegue@interieur.gouv.fr"]
    assert message.subject == "Convocation au jury des défis : Détecter les fraudes"
    assert "12 mars 2031 à 9 h 00" in message.body
    assert "pitch de 9 h 05 à 9 h 15" in message.body
    assert "alignement du jury de 9 h 00 à 9 h 05 (sans vous)" in message.body
    assert "Salle 101" in message.body
    (ics,) = message.attachments
    assert ics["content_type"] == "text/calendar; method=REQUEST; charset=UTF-8"
    calendar = base64.b64decode(ics["content"]).decode()
    assert "BEGIN:VCALENDAR" in calendar and "DTSTART:20310312T080000Z" in calendar
    assert "DTEND:20310312T084500Z" in calendar and "LOCATION:Salle 101" in calendar
    assert f"UID:audition-defi-{first.pk}@" in calendar
    first.refresh_from_db()
    assert first.status == Audition.Status.INVITED
    entries = ActivityLog.objects.filter(action="audition.invited")
    assert {e.data["outbox_message_id"] for e in entries} == {m.pk for m in sent}
    with pytest.raises(JuryError, match="Aucune audition prévue"):
        auditions.invite_planned(pw.call, pw.team)


def test_no_convocation_is_sent_when_one_administration_has_no_account(project_world, timed):
    pw = project_world
    OrganisationMember.objects.filter(organisation=pw.other_organisation).delete()
    with pytest.raises(JuryError) as error:
        auditions.invite_planned(pw.call, pw.team)
    assert error.value.messages == [
        "« Numériser les archives » : aucun compte de l'administration ne peut recevoir la "
        "convocation."
    ]
    assert not OutboxMessage.objects.exists()
    assert not Audition.objects.filter(status=Audition.Status.INVITED).exists()


def test_a_moved_audition_gets_a_new_version_of_its_event(project_world, timed):
    pw = project_world
    first, _second = timed
    auditions.move_audition(first, pw.team, starts_at=at(DAY, 11))
    auditions.send_invitation(first, pw.team)
    calendar = base64.b64decode(OutboxMessage.objects.get().attachments[0]["content"]).decode()
    assert "SEQUENCE:1" in calendar


# Calendar invitations: venue, updates, cancellations (iTIP) ---------------------------------

LINK = "https://visio.example/defis"


def _calendar(message):
    """The .ics of a message, read by icalendar and by vobject."""
    content = base64.b64decode(message.attachments[0]["content"])
    return Calendar.from_ical(content), vobject.readOne(content.decode("utf-8"))


def test_the_convocation_invites_every_member_of_the_administration(project_world, timed):
    pw = project_world
    first, _second = timed
    colleague = UserFactory(username="collegue", email="collegue@interieur.gouv.fr")
    OrganisationMember.objects.create(organisation=pw.organisation, user=colleague)
    message = auditions.send_invitation(first, pw.team)
    ical, vcal = _calendar(message)
    assert (str(ical["method"]), vcal.method.value, vcal.vevent.sequence.value) == (
        "REQUEST", "REQUEST", "0",
    )  # fmt: skip
    attendees = sorted((a.value, a.params["PARTSTAT"], a.params["RSVP"])
                       for a in vcal.vevent.attendee_list)  # fmt: skip
    assert attendees == [
        ("mailto:admin.user@interieur.gouv.fr", ["NEEDS-ACTION"], ["TRUE"]),
        ("mailto:collegue@interieur.gouv.fr", ["NEEDS-ACTION"], ["TRUE"]),
    ]
    assert vcal.vevent.organizer.value.startswith("mailto:")
    assert "Lieu : à préciser" in message.body  # no place set anywhere
    assert not hasattr(vcal.vevent, "location")


def test_a_convened_audition_moved_sends_the_new_convocation_at_once(project_world, timed):
    pw = project_world
    first, _second = timed
    invitation = auditions.send_invitation(first, pw.team)
    auditions.move_audition(first, pw.team, starts_at=at(DAY, 11), video_link=LINK)
    first.refresh_from_db()
    assert (first.status, first.sequence, first.video_link) == ("invited", 1, LINK)
    update = OutboxMessage.objects.exclude(pk=invitation.pk).get()
    assert update.subject == "Convocation modifiée au jury des défis : Détecter les fraudes"
    assert "12 mars 2031 à 11 h 00" in update.body
    assert f"Lieu : visioconférence, {LINK}" in update.body
    assert update.attachments[0]["content_type"] == "text/calendar; method=REQUEST; charset=UTF-8"
    ical, vcal = _calendar(update)
    assert vcal.vevent.uid.value == _calendar(invitation)[1].vevent.uid.value
    assert (vcal.vevent.sequence.value, vcal.vevent.location.value) == ("1", LINK)
    assert ical.walk("VEVENT")[0].decoded("dtstart") == at(DAY, 11)
    entry = ActivityLog.objects.get(action="audition.update_sent")
    assert entry.data == {"audition_id": first.pk, "outbox_message_id": update.pk, "sequence": 1}


def test_a_new_panel_place_reaches_the_convened_auditions_without_their_own(project_world, timed):
    pw = project_world
    first, _second = timed
    auditions.send_invitation(first, pw.team)
    auditions.set_panel_venue(pw.panel, pw.team, location="Salle 101", video_link="")
    update = OutboxMessage.objects.get(subject__startswith="Convocation modifiée")
    assert "Lieu : Salle 101" in update.body
    assert _calendar(update)[1].vevent.location.value == "Salle 101"
    assert ActivityLog.objects.get(action="panel.venue_set").data == {
        "location": "Salle 101", "video_link": "",
    }  # fmt: skip
    auditions.set_panel_venue(pw.panel, pw.team, location="Salle 101", video_link="")
    assert OutboxMessage.objects.filter(subject__startswith="Convocation modifiée").count() == 1


def test_a_removed_convened_audition_is_cancelled_in_the_calendars(project_world, timed):
    pw = project_world
    first, _second = timed
    invitation = auditions.send_invitation(first, pw.team)
    auditions.cancel_convocation(first, pw.team)
    cancel = OutboxMessage.objects.get(subject__startswith="Audition annulée au jury des défis")
    ical, vcal = _calendar(cancel)
    assert (vcal.method.value, vcal.vevent.status.value, vcal.vevent.sequence.value) == (
        "CANCEL", "CANCELLED", "1",
    )  # fmt: skip
    assert vcal.vevent.uid.value == str(_calendar(invitation)[0].walk("VEVENT")[0]["uid"])
    assert cancel.attachments[0]["content_type"] == "text/calendar; method=CANCEL; charset=UTF-8"
    entry = ActivityLog.objects.get(action="audition.cancellation_sent")
    assert entry.data == {"audition_id": first.pk, "sequence": 1, "outbox_message_id": cancel.pk}
