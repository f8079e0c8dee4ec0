"""With DEBUG on, /media/ serves the site's public images only: CVs, application files and
pitches are served by the permission-checked download views alone (issue #16, info)."""

import importlib
import types

import pytest
from django.apps import apps
from django.db import models
from django.urls import clear_url_caches, reverse

from cohorte import media
from cohorte.calls import applications
from cohorte.calls.models import ApplicationFile
from tests.calls.conftest import upload
from tests.projects.admin_helpers import attach

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings):
    """The URLs as the development server builds them, DEBUG on."""
    import cohorte.urls

    settings.DEBUG = True
    importlib.reload(cohorte.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(cohorte.urls)
    clear_url_caches()


@pytest.fixture
def cv(world):
    applications.save_draft(
        world.application, {"files": {"cv": upload("cv-camille.pdf")}}, 0, world.candidate
    )
    return ApplicationFile.objects.get(application=world.application)


@pytest.fixture
def logo(settings):
    image = settings.MEDIA_ROOT / "img" / "logo.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    return "img/logo.png"


def test_public_images_are_served_to_anyone(debug, client, logo):
    response = client.get(f"/media/{logo}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("who", ["anonymous", "candidate", "team", "other_candidate"])
def test_an_application_file_is_never_served_from_media(debug, client, world, cv, who):
    assert cv.file.name.startswith("applications/")
    if who != "anonymous":
        client.force_login(getattr(world, who))
    for path in (
        cv.file.name,
        f"img/../{cv.file.name}",
        f"./{cv.file.name}",
        cv.file.name.replace("applications/", "Applications/", 1),
    ):
        assert client.get(f"/media/{path}").status_code == 404, path
    # The download view still serves it, to whom it may.
    url = reverse("calls:application_file", args=[world.call.slug, cv.pk])
    expected = {"anonymous": 302, "candidate": 200, "team": 404, "other_candidate": 404}[who]
    assert client.get(url).status_code == expected


def test_a_pitch_is_never_served_from_media(debug, client, project_world):
    rows = attach(project_world.proposal)
    client.force_login(project_world.admin_user)
    for row in rows.values():
        assert row.file.name.startswith("proposals/")
        assert client.get(f"/media/{row.file.name}").status_code == 404
    url = reverse("projects:file", args=[project_world.proposal.pk, rows["pitch"].pk])
    assert client.get(url).status_code == 200


def test_without_debug_nothing_is_served_from_media(client, logo):
    assert client.get(f"/media/{logo}").status_code == 404


def test_every_upload_is_stored_in_a_private_folder():
    """A new kind of upload must be added to media.PRIVATE_FOLDERS (or to PUBLIC_FOLDERS)."""
    fields = [
        field
        for model in apps.get_models()
        if model.__module__.startswith("cohorte.")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert fields  # applications' and proposals' files
    for field in fields:
        owner = types.SimpleNamespace(call_id=1)
        instance = types.SimpleNamespace(application=owner, proposal=owner, kit=owner)
        name = field.upload_to(instance, "cv.pdf")
        public = name.split("/", 1)[0] in media.PUBLIC_FOLDERS
        assert media.is_private(name) is not public, (field.model.__name__, name)


@pytest.mark.parametrize(
    ("name", "private"),
    [("img/logo.png", False), ("applications/3/x.pdf", True), ("proposals/3/x.pdf", True),
     ("img/../proposals/x.pdf", True), ("/applications/x.pdf", True),
     ("img\\..\\applications\\x.pdf", True), ("applicationsx/x.png", False)],
)  # fmt: skip
def test_private_paths(name, private):
    assert media.is_private(name) is private
