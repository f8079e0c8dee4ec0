"""The team's screening actions: transitions, refusals, audit entries, e-mails."""

import pytest
from django.core import mail
from django.core.management import call_command

from cohorte.audit.models import ActivityLog
from cohorte.calls import screening
from cohorte.calls.models import Application, Message, Note
from cohorte.notifications.models import OutboxMessage
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _entries(application, action):
    return list(
        ActivityLog.objects.filter(object_id=str(application.pk), action=action).order_by("pk")
    )


def test_set_eligibility_writes_the_change_and_its_audit_entry(world):
    app = world.application
    assert screening.set_eligibility(app, "ineligible", world.team, reason="  fonctionnaire  ")
    app.refresh_from_db()
    assert app.eligibility == "ineligible"
    [entry] = _entries(app, "application.eligibility_set")
    assert entry.actor == world.team
    assert entry.data == {"value": "ineligible", "previous": "pending", "reason": "fonctionnaire"}


def test_setting_the_same_eligibility_again_changes_and_logs_nothing(world):
    app = world.application
    screening.set_eligibility(app, "eligible", world.team)
    assert screening.set_eligibility(app, "eligible", world.team) is False
    assert len(_entries(app, "application.eligibility_set")) == 1


@pytest.mark.parametrize("value", ["oui", "", "ELIGIBLE", None])
def test_an_unknown_eligibility_value_is_refused_and_changes_nothing(world, value):
    with pytest.raises(screening.ScreeningError, match="Valeur d'éligibilité inconnue"):
        screening.set_eligibility(world.application, value, world.team)
    world.application.refresh_from_db()
    assert world.application.eligibility == "pending"
    assert not ActivityLog.objects.filter(action="application.eligibility_set").exists()


@pytest.mark.parametrize(
    ("status", "message"), [("draft", "brouillon non déposé"), ("withdrawn", "a été retirée")]
)
def test_drafts_and_withdrawn_applications_are_not_screened(world, status, message):
    app = world.application
    Application.objects.filter(pk=app.pk).update(status=status)
    app.refresh_from_db()
    with pytest.raises(screening.ScreeningError, match=message):
        screening.set_completeness(app, "complete", world.team)
    with pytest.raises(screening.ScreeningError, match=message):
        screening.shortlist(app, world.team)
    app.refresh_from_db()
    assert (app.completeness, app.status) == ("pending", status)


def test_a_concurrent_change_is_detected_not_overwritten(world):
    stale = Application.objects.get(pk=world.application.pk)
    screening.set_completeness(world.application, "complete", world.director)
    with pytest.raises(screening.ScreeningError, match="modifiée entre-temps"):
        screening.set_completeness(stale, "incomplete", world.team)
    world.application.refresh_from_db()
    assert world.application.completeness == "complete"
    assert len(_entries(world.application, "application.completeness_set")) == 1


def test_reason_too_long_is_refused(world):
    with pytest.raises(screening.ScreeningError, match="trop long"):
        screening.set_eligibility(world.application, "eligible", world.team, reason="x" * 1001)
    world.application.refresh_from_db()
    assert world.application.eligibility == "pending"


def test_shortlist_and_unshortlist(world):
    app = world.application
    # The world's interview slot is "planned": cancel it so the application can leave the list.
    app.interviews.update(status="cancelled")
    assert screening.shortlist(app, world.team) is True
    app.refresh_from_db()
    assert app.status == "shortlisted"
    assert screening.shortlist(app, world.team) is False
    assert screening.unshortlist(app, world.team) is True
    app.refresh_from_db()
    assert app.status == "submitted"
    actions = [e.action for e in ActivityLog.objects.filter(object_id=str(app.pk)).order_by("pk")]
    assert actions == ["application.shortlisted", "application.unshortlisted"]


def test_an_application_with_a_live_interview_stays_shortlisted(world):
    app = world.application
    screening.shortlist(app, world.team)
    with pytest.raises(screening.ScreeningError, match="une audition est prévue"):
        screening.unshortlist(app, world.team)
    app.refresh_from_db()
    assert app.status == "shortlisted"


def test_ineligible_or_decided_applications_are_not_shortlisted(world):
    app = world.application
    screening.set_eligibility(app, "ineligible", world.team)
    with pytest.raises(screening.ScreeningError, match="non éligible"):
        screening.shortlist(app, world.team)
    other = world.other_application
    Application.objects.filter(pk=other.pk).update(status="selected")
    other.refresh_from_db()
    with pytest.raises(screening.ScreeningError, match="une décision a déjà été prise"):
        screening.shortlist(other, world.team)


def test_add_note_keeps_the_text_out_of_the_log(world):
    note = screening.add_note(world.application, "  Très bon profil data.  ", world.team)
    assert note.body == "Très bon profil data."
    assert note.author == world.team
    [entry] = _entries(world.application, "application.note_added")
    assert entry.data == {"note": note.pk}
    assert "Très bon" not in str(entry.data)


@pytest.mark.parametrize("body", ["", "   \n  ", None])
def test_an_empty_note_is_refused(world, body):
    with pytest.raises(screening.ScreeningError, match="La note est vide"):
        screening.add_note(world.application, body, world.team)
    assert not Note.objects.exists()
    assert not ActivityLog.objects.filter(action="application.note_added").exists()


def test_a_message_queues_a_notice_to_the_candidate(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        message = screening.send_message(world.application, "Merci pour votre dossier.", world.team)
    assert len(callbacks) == 1  # the delivery task, queued once the transaction commits
    assert (message.from_team, message.kind, message.author) == (True, "message", world.team)
    [outbox] = OutboxMessage.objects.all()
    assert outbox.to == [world.candidate.email]
    assert outbox.subject == "Un message sur votre candidature"
    assert f"/appels/{world.call.slug}/candidature/" in outbox.body
    # The e-mail says there is a message; its text stays on the platform.
    assert "Merci pour votre dossier" not in outbox.body
    [entry] = _entries(world.application, "application.message_sent")
    assert entry.data == {"message": message.pk, "kind": "message"}


def test_an_info_request_uses_its_template(world):
    message = screening.send_message(
        world.application, "Pouvez-vous préciser votre disponibilité ?", world.team, True
    )
    assert message.kind == "info_request"
    [outbox] = OutboxMessage.objects.all()
    assert outbox.subject == "Une question sur votre candidature"
    assert "vous pose une question" in outbox.body
    [entry] = _entries(world.application, "application.message_sent")
    assert entry.data["kind"] == "info_request"


def test_an_info_request_on_a_draft_is_refused(world):
    Application.objects.filter(pk=world.application.pk).update(status="draft")
    world.application.refresh_from_db()
    with pytest.raises(screening.ScreeningError, match="demande de complément"):
        screening.send_message(world.application, "Question ?", world.team, request_info=True)
    assert not Message.objects.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_message_notice_is_delivered_by_the_worker(settings):
    from tests.world import build_world

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = build_world()
    screening.send_message(world.application, "Bonjour", world.team, request_info=True)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    [email] = mail.outbox
    assert email.to == [world.candidate.email]
    assert email.subject == "Une question sur votre candidature"
    assert OutboxMessage.objects.get().status == "sent"


def test_bulk_shortlist_reports_each_refusal_and_applies_the_rest(world):
    draft = ApplicationFactory(call=world.call, status="draft", submitted_at=None)
    withdrawn = ApplicationFactory(call=world.call, status="withdrawn")
    result = screening.bulk_shortlist(
        [world.application, world.other_application, draft, withdrawn], world.team
    )
    assert [a.pk for a in result.changed] == [world.application.pk, world.other_application.pk]
    assert result.unchanged == []
    assert [(a.pk, "brouillon" in r) for a, r in result.refused] == [
        (draft.pk, True),
        (withdrawn.pk, False),
    ]
    assert "a été retirée" in result.refused[1][1]
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses[world.application.pk] == "shortlisted"
    assert statuses[draft.pk] == "draft"
    assert statuses[withdrawn.pk] == "withdrawn"
    assert ActivityLog.objects.filter(action="application.shortlisted").count() == 2


def test_bulk_eligibility_with_an_unknown_value_changes_nothing(world):
    with pytest.raises(screening.ScreeningError):
        screening.bulk_set_eligibility([world.application], "peut-être", world.team)
    assert not ActivityLog.objects.filter(action="application.eligibility_set").exists()


def test_bulk_completeness_counts_unchanged(world):
    screening.set_completeness(world.application, "complete", world.team)
    result = screening.bulk_set_completeness(
        [world.application, world.other_application], "complete", world.team, "pièces reçues"
    )
    assert [a.pk for a in result.changed] == [world.other_application.pk]
    assert [a.pk for a in result.unchanged] == [world.application.pk]
    entry = _entries(world.other_application, "application.completeness_set")[0]
    assert entry.data["reason"] == "pièces reçues"
