"""The data migrations of the venue: a panel's link typed as its place, the sequences."""

import importlib

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from cohorte.audit.models import ActivityLog
from cohorte.projects.models import Audition
from cohorte.selection.models import InterviewSlot, Panel

pytestmark = pytest.mark.django_db

selection_migration = importlib.import_module(
    "cohorte.selection.migrations.0006_venue_and_calendar_sequence"
)
projects_migration = importlib.import_module(
    "cohorte.projects.migrations.0003_venue_and_calendar_sequence"
)


def _moved(action, key, pk, times):
    kind = ContentType.objects.get_for_model(Panel)
    for _ in range(times):
        ActivityLog.objects.create(action=action, content_type=kind, object_id="1", data={key: pk})


def test_a_link_typed_as_the_panels_place_becomes_its_video_link(world):
    link = Panel.objects.get(name="Jury A")
    link.location = " https://visio.example/jury-a "
    link.save()
    room = Panel.objects.get(name="Jury B")
    room.location = "Salle 4.12 (lien https://visio.example/b)"
    room.save()
    slot = InterviewSlot.objects.get(application=world.application)
    cancelled = InterviewSlot.objects.create(
        panel=room, application=world.other_application, starts_at=slot.starts_at,
        status="cancelled",
    )  # fmt: skip
    _moved("interview.moved", "slot_id", slot.pk, 2)
    _moved("interview.moved", "slot_id", cancelled.pk, 1)
    selection_migration.split_venues(apps, None)
    link.refresh_from_db()
    room.refresh_from_db()
    assert (link.location, link.video_link) == ("", "https://visio.example/jury-a")
    assert (room.location, room.video_link) == ("Salle 4.12 (lien https://visio.example/b)", "")
    slot.refresh_from_db()
    cancelled.refresh_from_db()
    # Sent before as versions 2 and, for the cancellation, 1 + 1: the next ones go higher.
    assert (slot.sequence, cancelled.sequence) == (2, 2)


def test_the_sequence_of_a_defi_audition_goes_on_from_its_moves(project_world):
    pw = project_world
    audition = Audition.objects.create(
        panel=pw.panel, proposal=pw.proposal, starts_at=pw.call.closes_at
    )
    _moved("audition.moved", "audition_id", audition.pk, 3)
    projects_migration.sequences(apps, None)
    audition.refresh_from_db()
    assert audition.sequence == 3
