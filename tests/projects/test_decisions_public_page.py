"""The team edits the public page of a défi created from a selected proposal."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.challenges.models import Challenge
from cohorte.projects.public_page import split_body
from cohorte.reviews.models import Conflict
from tests.projects.decisions_helpers import ROLES, TEAM, expected, login, profile, send, text

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def challenge(project_world):
    profile()
    send(project_world, project_world.proposal)
    return project_world.proposal.challenge


def url(world, challenge):
    return reverse("project_decisions:public_page", args=[world.call.pk, challenge.pk])


def posted(challenge, **changes):
    parts = split_body(challenge.body)
    data = {"title": challenge.title, "tagline": challenge.tagline, **parts}
    data.update(changes)
    return data


def state(challenge):
    challenge.refresh_from_db()
    return (challenge.title, challenge.tagline, challenge.body, challenge.image)


@pytest.mark.parametrize("role", ROLES)
def test_the_page_by_role(client, project_world, challenge, role):
    login(client, project_world, role)
    response = client.get(url(project_world, challenge))
    assert response.status_code == expected(role, TEAM)
    if response.status_code == 200:
        page = text(response)
        assert "Page publique du défi « Détecter les fraudes »" in page
        assert "Ce défi est caché du site public jusqu’à sa publication." in page


@pytest.mark.parametrize("role", ROLES)
def test_saving_by_role(client, project_world, challenge, role):
    login(client, project_world, role)
    before = state(challenge)
    response = client.post(url(project_world, challenge), posted(challenge, title="Nouveau"))
    assert response.status_code == expected(role, TEAM, success=302)
    if role in TEAM:
        assert state(challenge)[0] == "Nouveau"
        assert ActivityLog.objects.filter(action="challenge.public_page_edited").count() == 1
    else:
        assert state(challenge) == before
        assert not ActivityLog.objects.filter(action="challenge.public_page_edited").exists()


def test_the_draft_starts_from_the_public_parts(client, project_world, challenge):
    login(client, project_world, "team")
    page = text(client.get(url(project_world, challenge)))
    sections = project_world.proposal.data["sections"]
    assert sections["problem"] in page and sections["solution"] in page
    for key in ("obstacles", "legal_ethics", "why_eig", "resources"):
        assert sections[key] not in page


def test_an_edit_is_saved_and_recorded_with_the_parts_changed(client, project_world, challenge):
    login(client, project_world, "team")
    data = posted(
        challenge,
        tagline="Des contrôles mieux ciblés.",
        defi="Aider les agents à **cibler** leurs contrôles.",
        image=SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
    )
    response = client.post(url(project_world, challenge), data)
    assert response.status_code == 302
    assert response["Location"] == url(project_world, challenge)
    challenge.refresh_from_db()
    assert challenge.tagline == "Des contrôles mieux ciblés."
    assert split_body(challenge.body)["defi"] == "Aider les agents à **cibler** leurs contrôles."
    assert challenge.body.startswith("## Le contexte\n\n")
    assert "## Le défi\n\nAider les agents à **cibler** leurs contrôles.\n\n" in challenge.body
    assert challenge.image.startswith("challenges/detecter-les-fraudes-")
    assert challenge.image.endswith(".png") and default_storage.exists(challenge.image)
    assert challenge.status == Challenge.Status.DRAFT
    entry = ActivityLog.objects.get(action="challenge.public_page_edited")
    assert entry.actor == project_world.team
    assert entry.object_id == str(challenge.pk)
    assert entry.data["fields"] == ["tagline", "defi", "image"]
    page = text(client.get(url(project_world, challenge)))
    assert "La page publique du défi est enregistrée." in page
    assert "Retirer l’image" in page

    # Saving again unchanged records nothing; removing the image is an edit.
    client.post(url(project_world, challenge), posted(challenge))
    assert ActivityLog.objects.filter(action="challenge.public_page_edited").count() == 1
    client.post(url(project_world, challenge), posted(challenge, remove_image="1"))
    challenge.refresh_from_db()
    assert challenge.image == ""
    last = ActivityLog.objects.filter(action="challenge.public_page_edited").latest("pk")
    assert last.data["fields"] == ["image"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "Titre : indiquez le nom du défi."),
        ({"tagline": "x" * 501}, "tagline", "Accroche : 500 caractères au plus (501 saisis)."),
        (
            {"context": "x" * 6001},
            "context",
            "Le contexte : 6000 caractères au plus (6001 saisis).",
        ),
        (
            {"data": "Intro\n## Le défi\nSuite"},
            "data",
            "Les données : un intertitre ne peut pas reprendre celui d'une partie de la page ; "
            "écrivez « ### » pour un intertitre.",
        ),
        (
            {"image": SimpleUploadedFile("a.png", b"GIF89a....", content_type="image/png")},
            "image",
            "Image : choisissez un fichier PNG, JPEG ou WebP.",
        ),
    ],
)
def test_bad_input_is_named_and_changes_nothing(
    client, project_world, challenge, changes, field, message
):
    login(client, project_world, "team")
    before = state(challenge)
    data = posted(challenge, defi="Texte tapé qui reste affiché.", **changes)
    response = client.post(url(project_world, challenge), data)
    assert response.status_code == 400
    page = text(response)
    assert f'<a href="#{field}">{message}</a>' in page
    assert f'id="{field}-messages"' in page and page.count(message) == 2
    assert "Texte tapé qui reste affiché." in page
    assert state(challenge) == before
    assert not ActivityLog.objects.filter(action="challenge.public_page_edited").exists()


def test_a_defi_of_another_call_or_in_conflict_is_not_found(client, project_world, challenge):
    login(client, project_world, "team")
    other = reverse(
        "project_decisions:public_page", args=[project_world.call.pk + 99, challenge.pk]
    )
    assert client.get(other).status_code == 404
    Conflict.objects.create(proposal=project_world.proposal, reviewer=project_world.team)
    assert client.get(url(project_world, challenge)).status_code == 404


def test_the_list_of_defis_links_to_the_editor(client, project_world, challenge):
    login(client, project_world, "team")
    response = client.get(reverse("project_decisions:challenges", args=[project_world.call.pk]))
    assert url(project_world, challenge) in response.content.decode()
