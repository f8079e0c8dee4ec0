"""Retention: applications not kept are deleted N months on, their files with them."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import (
    Application,
    ApplicationChoice,
    ApplicationFile,
    ApplicationVersion,
    Message,
    Note,
)
from cohorte.notifications.models import OutboxMessage
from cohorte.reviews.models import Conflict, Review
from cohorte.selection import decisions as domain
from cohorte.selection.models import Decision, InterviewSlot, RankingEntry
from cohorte.selection.retention import (
    expired_applications,
    months_before,
    purge_expired_applications,
)
from tests.decisions.conftest import rank, sent
from tests.factories import ApplicationCallFactory, ApplicationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attach(application, kind="cv") -> Path:
    """A file of the application, stored on disk (the test's own MEDIA_ROOT)."""
    stored = ApplicationFile.objects.create(
        application=application,
        kind=kind,
        file=ContentFile(PDF, name="cv.pdf"),
        original_name="Mon CV.pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )
    path = Path(stored.file.path)
    assert path.read_bytes() == PDF
    return path


def decided(world, application, outcome, when):
    """A decision sent, dated ``when``."""
    decision = sent(world, application=application, outcome=outcome)
    Application.objects.filter(pk=application.pk).update(decided_at=when)
    return decision


NOW = datetime.datetime(2031, 3, 31, 12, 0, tzinfo=datetime.UTC)
LONG_AGO = NOW - datetime.timedelta(days=200)  # more than 6 months
RECENTLY = NOW - datetime.timedelta(days=100)  # less than 6 months


def test_months_before_counts_calendar_months():
    assert months_before(NOW, 1) == datetime.datetime(2031, 2, 28, 12, 0, tzinfo=datetime.UTC)
    assert months_before(NOW, 6) == datetime.datetime(2030, 9, 30, 12, 0, tzinfo=datetime.UTC)
    assert months_before(NOW, 15) == datetime.datetime(2029, 12, 31, 12, 0, tzinfo=datetime.UTC)


def test_not_selected_files_and_rows_are_deleted_selected_ones_kept(world):
    application = world.application
    rank(world, application, world.challenge, 3)
    decided(world, application, "not_selected", LONG_AGO)
    cv, portfolio = attach(application), attach(application, "portfolio")
    ApplicationVersion.objects.create(
        application=application, number=1, submitted_at=LONG_AGO, data={"answers": {}}
    )
    Message.objects.create(application=application, from_team=True, body="Bonjour")
    Note.objects.create(application=application, author=world.team, body="Note interne")
    Review.objects.create(application=application, reviewer=world.team, stage="preselection")
    Conflict.objects.create(application=application, reviewer=world.other_juror)
    message_id = OutboxMessage.objects.get().pk

    kept = world.other_application
    decided(world, kept, "selected", LONG_AGO)
    kept_cv = attach(kept)

    assert purge_expired_applications(NOW) == 1

    assert not cv.exists() and not portfolio.exists()
    assert kept_cv.exists()
    assert list(Application.objects.values_list("pk", flat=True)) == [kept.pk]
    for model in (ApplicationChoice, ApplicationFile, ApplicationVersion, Message, Note, Review,
                  Conflict, InterviewSlot, RankingEntry, Decision):  # fmt: skip
        assert not model.objects.filter(application_id=application.pk).exists(), model
    assert not OutboxMessage.objects.filter(pk=message_id).exists()
    [entry] = ActivityLog.objects.filter(action="application.purged")
    assert entry.subject == world.call
    assert entry.actor is None
    assert entry.data == {
        "application": application.pk,
        "status": "not_selected",
        "files": 2,
        "reason": "retention",
    }


def test_nothing_is_purged_before_its_time(world):
    decided(world, world.application, "not_selected", RECENTLY)
    path = attach(world.application)
    assert purge_expired_applications(NOW) == 0
    assert path.exists()
    assert Application.objects.filter(pk=world.application.pk).exists()


def test_the_period_is_the_calls_own(world):
    world.call.retention_months = 3
    world.call.save()
    decided(world, world.application, "not_selected", RECENTLY)
    assert purge_expired_applications(NOW) == 1


def test_waiting_lists_and_withdrawals_expire_too(world):
    decided(world, world.application, "waiting_list", LONG_AGO)
    Application.objects.filter(pk=world.other_application.pk).update(
        status="withdrawn", withdrawn_at=LONG_AGO
    )
    assert set(expired_applications(NOW).values_list("pk", flat=True)) == {
        world.application.pk,
        world.other_application.pk,
    }


def test_a_waiting_list_being_decided_again_is_kept(world):
    decided(world, world.application, "waiting_list", LONG_AGO)
    domain.stage_decision(world.application, "selected", world.challenge, actor=world.team)
    assert purge_expired_applications(NOW) == 0


def test_drafts_go_once_the_call_closed_long_enough_ago(world):
    closed = ApplicationCallFactory(
        opens_at=LONG_AGO - datetime.timedelta(days=30), closes_at=LONG_AGO
    )
    old_draft = ApplicationFactory(call=closed, status="draft", submitted_at=None,
                                   first_submitted_at=None)  # fmt: skip
    path = attach(old_draft)
    current_draft = ApplicationFactory(call=world.call, status="draft", submitted_at=None,
                                       first_submitted_at=None)  # fmt: skip
    type(world.call).objects.filter(pk=world.call.pk).update(closes_at=RECENTLY)
    assert purge_expired_applications(NOW) == 1
    assert not path.exists()
    assert not Application.objects.filter(pk=old_draft.pk).exists()
    assert Application.objects.filter(pk=current_draft.pk).exists()


def test_submitted_and_undecided_applications_are_kept(world):
    Application.objects.update(updated_at=LONG_AGO)
    assert purge_expired_applications(NOW) == 0


def test_a_file_already_gone_from_storage_does_not_stop_the_purge(world):
    decided(world, world.application, "not_selected", LONG_AGO)
    path = attach(world.application)
    path.unlink()
    assert purge_expired_applications(NOW) == 1


def test_retention_and_publication_are_periodic_jobs(world):
    from cohorte import periodic

    decided(world, world.application, "not_selected", LONG_AGO)
    jobs = {job.name: job for job in periodic.jobs()}
    assert jobs["application_retention"].every == datetime.timedelta(days=1)
    assert jobs["results_publication"].every == datetime.timedelta(hours=1)
    results = periodic.run_due(NOW)
    assert results["application_retention"] == "ok"
    assert results["results_publication"] == "ok"
    assert not Application.objects.filter(pk=world.application.pk).exists()
