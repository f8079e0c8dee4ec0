"""Panels: saving, the défis' mentors, deleting, the CV archive, the views."""

import io
import zipfile

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.reviews.models import Conflict
from cohorte.selection import panels
from cohorte.selection.models import InterviewSlot, Panel
from tests.factories import ChallengeFactory, UserFactory
from tests.reviews.conftest import add_cv

pytestmark = pytest.mark.django_db


def test_save_panel_seats_the_referee_and_records_it(world):
    referee, member = UserFactory(), UserFactory()
    panel = panels.save_panel(
        world.call, world.team, name=" Jury C ", members=[member], referee=referee,
        challenges=[world.challenge], location="Salle 1",
    )  # fmt: skip
    assert panel.name == "Jury C" and panel.location == "Salle 1"
    assert set(panel.members.all()) == {referee, member}
    assert list(panel.challenges.all()) == [world.challenge]
    entry = ActivityLog.objects.get(action="panel.created")
    assert entry.data == {
        "member_ids": sorted([referee.pk, member.pk]),
        "referee_id": referee.pk,
        "challenge_ids": [world.challenge.pk],
        "location": "Salle 1",
        "video_link": "",
    }
    panels.save_panel(world.call, world.team, name="Jury C2", members=[], panel=panel)
    panel.refresh_from_db()
    assert panel.name == "Jury C2" and panel.referee is None and not panel.members.exists()
    assert ActivityLog.objects.filter(action="panel.updated").count() == 1


def test_save_panel_refuses_bad_input(world):
    with pytest.raises(panels.PanelError, match="Donnez un nom"):
        panels.save_panel(world.call, world.team, name="  ", members=[])
    outside = ChallengeFactory(title="Hors appel")
    with pytest.raises(panels.PanelError, match="Hors appel"):
        panels.save_panel(world.call, world.team, name="X", members=[], challenges=[outside])
    assert Panel.objects.count() == 2 and not ActivityLog.objects.exists()


def test_add_challenge_mentors(world, panel):
    assert panels.challenge_mentors(panel) == [world.mentor]
    assert panels.add_challenge_mentors(panel, world.team) == [world.mentor]
    assert world.mentor in panel.members.all()
    assert ActivityLog.objects.get(action="panel.mentors_added").data == {
        "user_ids": [world.mentor.pk]
    }
    assert panels.add_challenge_mentors(panel, world.team) == []
    assert ActivityLog.objects.filter(action="panel.mentors_added").count() == 1


def test_add_mentors_button(world, as_user, panel):
    response = as_user(world.team).post(
        reverse("selection:panel_add_mentors", args=[panel.pk]), follow=True
    )
    assert world.mentor.get_full_name() in response.content.decode()
    assert world.mentor in panel.members.all()


def test_delete_panel_only_without_interviews(world, panel, other_panel):
    with pytest.raises(panels.PanelError, match="a des auditions"):
        panels.delete_panel(panel, world.team)
    panels.delete_panel(other_panel, world.team)
    assert not Panel.objects.filter(pk=other_panel.pk).exists()
    assert ActivityLog.objects.get(action="panel.deleted").data["name"] == "Jury B"


def test_create_panel_through_the_form(world, as_user):
    client = as_user(world.team)
    url = reverse("selection:panel_create", args=[world.call.slug])
    page = client.get(url).content.decode()
    assert world.mentor.email in page  # the défis' mentors are offered
    assert world.candidate.email not in page  # candidates are not
    newcomer = UserFactory(email="jure@example.org")
    response = client.post(url, {
        "name": "Jury D", "members": [world.mentor.pk], "extra_emails": "JURE@example.org",
        "referee": world.mentor.pk, "challenges": [world.challenge.pk], "location": "Salle 2",
    })  # fmt: skip
    panel = Panel.objects.get(name="Jury D")
    assert response["Location"] == reverse("selection:panel_detail", args=[panel.pk])
    assert set(panel.members.all()) == {world.mentor, newcomer}
    assert panel.referee == world.mentor


def test_panel_form_refuses_unknown_emails_and_saves_nothing(world, as_user):
    response = as_user(world.team).post(
        reverse("selection:panel_create", args=[world.call.slug]),
        {"name": "Jury E", "extra_emails": "personne@nulle-part.fr"},
    )
    assert response.status_code == 200
    assert "Aucun compte pour : personne@nulle-part.fr" in response.content.decode()
    assert not Panel.objects.filter(name="Jury E").exists()


def _zip_names(response):
    content = b"".join(response.streaming_content)
    return zipfile.ZipFile(io.BytesIO(content)).namelist(), content


def test_cv_archive_holds_the_current_cvs_of_the_panels_candidates(world, as_user, panel, slot):
    add_cv(world.application, name="ancien.pdf", content=b"%PDF-1.4 old", current=False)
    add_cv(world.application, name="cv.pdf", content=b"%PDF-1.4 current")
    add_cv(world.other_application, name="autre.pdf")  # not interviewed by this panel
    response = as_user(world.juror).get(reverse("selection:panel_cvs", args=[panel.pk]))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="cv-jury-a.zip"'
    names, content = _zip_names(response)
    stem = f"alex-{world.application.last_name.lower()}"
    assert names == [f"{stem}-cv.pdf"]
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        assert bundle.read(names[0]) == b"%PDF-1.4 current"
    entry = ActivityLog.objects.get(action="panel.cvs_downloaded")
    assert entry.actor == world.juror
    assert entry.data == {"count": 1, "application_ids": [world.application.pk]}


def test_cv_archive_leaves_out_conflicted_and_cancelled(world, as_user, panel, slot):
    add_cv(world.application)
    Conflict.objects.create(application=world.application, reviewer=world.juror)
    names, _content = _zip_names(
        as_user(world.juror).get(reverse("selection:panel_cvs", args=[panel.pk]))
    )
    assert names == []
    slot.status = InterviewSlot.Status.CANCELLED
    slot.save()
    names, _content = _zip_names(
        as_user(world.team).get(reverse("selection:panel_cvs", args=[panel.pk]))
    )
    assert names == []


def test_cv_archive_lists_missing_files(world, panel, slot):
    cv = add_cv(world.application)
    cv.file.storage.delete(cv.file.name)
    archive, count = panels.cv_archive(panel, world.team)
    with zipfile.ZipFile(archive) as bundle:
        assert bundle.namelist() == ["fichiers-manquants.txt"]
        assert world.application.display_name in bundle.read("fichiers-manquants.txt").decode()
    assert count == 0


def test_juror_home_lists_only_their_panels_and_candidates(world, as_user, panel, slot):
    page = as_user(world.juror).get(reverse("selection:home")).content.decode()
    assert "Jury A" in page and "Jury B" not in page
    assert world.application.display_name in page
    Conflict.objects.create(application=world.application, reviewer=world.juror)
    page = as_user(world.juror).get(reverse("selection:home")).content.decode()
    assert world.application.display_name not in page
    other = as_user(world.other_juror).get(reverse("selection:home")).content.decode()
    assert "Jury B" in other and world.application.display_name not in other


def test_team_home_shows_panels_and_candidates_to_schedule(world, as_user, panel):
    world.other_application.status = "shortlisted"
    world.other_application.save()
    page = as_user(world.team).get(reverse("selection:home")).content.decode()
    assert "Jury A" in page and "Jury B" in page
    assert world.other_application.display_name in page
    assert f"?candidature={world.other_application.pk}" in page
