"""An audition keeps the phase lengths it was scheduled with: changing the call's settings
later does not rewrite it."""

import html
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from cohorte.projects import auditions
from cohorte.projects.jury_runs import apply_run, run_jury
from cohorte.projects.models import Audition, ProjectCallSettings
from tests.projects.jury_world import DAY, at, build_jury_world, parameters

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cohorte.projects.migrations.0007_audition_phases_as_scheduled")
AS_SCHEDULED = {"alignment": 5, "pitch": 10, "questions": 20, "deliberation": 10}


def spans(audition):
    return [(p["key"], p["start"], p["end"]) for p in auditions.phases(audition)]


def test_changing_the_settings_does_not_rewrite_a_scheduled_audition(project_world, client):
    pw = project_world
    jw = build_jury_world(pw)
    run = run_jury(jw.call, jw.team, parameters())
    apply_run(run, jw.team)
    audition = Audition.objects.order_by("starts_at", "panel__name").first()
    assert (audition.duration_minutes, audition.phase_minutes) == (45, AS_SCHEDULED)
    settings, _created = ProjectCallSettings.objects.get_or_create(call=pw.call)
    settings.alignment_minutes = settings.pitch_minutes = 1
    settings.questions_minutes = settings.deliberation_minutes = 1
    settings.save()
    audition.refresh_from_db()
    assert spans(audition) == [
        ("alignment", "9 h 00", "9 h 05"),
        ("pitch", "9 h 05", "9 h 15"),
        ("questions", "9 h 15", "9 h 35"),
        ("deliberation", "9 h 35", "9 h 45"),
    ]
    client.force_login(jw.team)
    page = html.unescape(
        client.get(
            reverse("defi_jury:defi", args=[audition.panel_id, audition.proposal_id])
        ).content.decode()
    )
    assert "Alignement du jury : 9 h 00 – 9 h 05" in page
    assert "Délibération : 9 h 35 – 9 h 45" in page
    assert "9 h 00 – 9 h 01" not in page


def test_an_audition_stored_without_phases_still_lasts_its_length(project_world):
    pw = project_world
    audition = Audition.objects.create(panel=pw.panel, proposal=pw.proposal, starts_at=at(DAY, 9))
    ProjectCallSettings.objects.filter(call=pw.call).update(
        alignment_minutes=1, pitch_minutes=1, questions_minutes=1, deliberation_minutes=1
    )
    audition = Audition.objects.get(pk=audition.pk)
    assert spans(audition)[-1] == ("deliberation", "9 h 03", "9 h 45")


def test_the_migration_stores_each_auditions_phases(project_world):
    pw = project_world
    ProjectCallSettings.objects.filter(call=pw.call).update(questions_minutes=25)
    assert ProjectCallSettings.objects.filter(call=pw.call).exists()
    usual = Audition.objects.create(panel=pw.panel, proposal=pw.proposal, starts_at=at(DAY, 9),
                                    duration_minutes=50)  # fmt: skip
    longer = Audition.objects.create(panel=pw.other_panel, proposal=pw.other_proposal,
                                     starts_at=at(DAY, 10), duration_minutes=60)  # fmt: skip
    migration.fill_phases(apps, None)
    usual.refresh_from_db()
    longer.refresh_from_db()
    assert usual.phase_minutes == AS_SCHEDULED | {"questions": 25}
    assert longer.phase_minutes == AS_SCHEDULED | {"questions": 25, "deliberation": 20}
