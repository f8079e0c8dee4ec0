"""A candidate's data: "Mon espace", the download and the deletion of the account."""

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.calls import applications
from cohorte.calls.applications import NotAllowed
from cohorte.calls.models import Application, ApplicationFile, Message, Note
from cohorte.notifications.models import OutboxMessage
from cohorte.reviews.models import Review
from cohorte.selection.models import Decision
from tests.calls.conftest import upload
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db
ROLES = [
    "anonymous", "candidate", "other_candidate", "team", "director", "mentor", "other_mentor",
    "juror", "other_juror",
]  # fmt: skip


@pytest.fixture
def with_content(world):
    """The candidate's application with a file, messages, a private note and a review."""
    applications.save_draft(
        world.application, {"files": {"cv": upload("cv-camille.pdf")}}, 0, world.candidate
    )
    Message.objects.create(
        application=world.application, author=world.team, from_team=True,
        kind=Message.Kind.INFO_REQUEST, body="Votre disponibilité ?",
    )  # fmt: skip
    Note.objects.create(application=world.application, author=world.team, body="NOTE-PRIVEE")
    Review.objects.create(
        application=world.application, reviewer=world.mentor, scores={}, total=17,
        comment="AVIS-CONFIDENTIEL",
    )  # fmt: skip
    return world


# --- Export ----------------------------------------------------------------------------


def test_export_holds_what_the_candidate_sees_and_their_files(with_content):
    world = with_content
    archive = zipfile.ZipFile(io.BytesIO(applications.export_candidate_data(world.candidate)))
    names = archive.namelist()
    assert "donnees.json" in names
    cv = ApplicationFile.objects.get(application=world.application)
    assert f"fichiers/candidature-{world.application.pk}/{cv.pk}-cv-camille.pdf" in names
    data = json.loads(archive.read("donnees.json"))
    assert data["account"]["email"] == "candidate@example.org"
    [application] = data["applications"]
    assert application["status"] == "Déposée"
    assert [m["body"] for m in application["messages"]] == ["Votre disponibilité ?"]
    assert application["messages"][0]["from"] == "l'équipe du programme"
    raw = archive.read("donnees.json").decode()
    secrets = ["NOTE-PRIVEE", "AVIS-CONFIDENTIEL", '"total"', '"scores"', "eligibility"]
    secrets += [world.team.last_name, world.mentor.last_name, "pending"]
    for secret in secrets:
        assert secret not in raw


@pytest.mark.parametrize("role", ROLES)
def test_data_pages_by_role(client, world, role):
    urls = [reverse("accounts:data"), reverse("accounts:data_download"), reverse("accounts:delete")]
    if role != "anonymous":
        client.force_login(world.roles()[role])
    for url in urls:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
            assert response.url == f"{reverse('account_login')}?next={url}"
        else:
            assert response.status_code == 200  # each about their own account only


def test_download_is_a_zip_of_ones_own_data(client, with_content):
    world = with_content
    client.force_login(world.other_candidate)
    response = client.get(reverse("accounts:data_download"))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert not any(name.startswith("fichiers/") for name in archive.namelist())
    data = json.loads(archive.read("donnees.json"))
    assert data["account"]["email"] == "other_candidate@example.org"
    assert "Votre disponibilité" not in archive.read("donnees.json").decode()
    entry = ActivityLog.objects.get(action="account.data_exported")
    assert entry.actor == world.other_candidate


# --- Deletion --------------------------------------------------------------------------


def test_delete_account_withdraws_and_erases(with_content, settings):
    world = with_content
    user_pk = world.candidate.pk
    stored = ApplicationFile.objects.get(application=world.application).file.name
    assert (settings.MEDIA_ROOT / stored).exists()
    applications.delete_account(world.candidate)
    assert not get_user_model().objects.filter(pk=user_pk).exists()
    assert not Application.objects.filter(pk=world.application.pk).exists()
    withdrawn = ActivityLog.objects.get(action="application.withdrawn")
    assert withdrawn.object_id == str(world.application.pk)
    assert withdrawn.actor is None  # kept, without the person
    deleted = ActivityLog.objects.get(action="account.deleted")
    assert deleted.data == {"applications_withdrawn": [world.application.pk], "files": 1}
    assert "candidate" not in json.dumps(deleted.data)
    email = OutboxMessage.objects.get(subject="Votre compte a été supprimé")
    assert email.to == ["candidate@example.org"]
    assert not OutboxMessage.objects.filter(subject__startswith="Candidature retirée").exists()


def test_stored_files_are_deleted_after_commit(
    with_content, settings, django_capture_on_commit_callbacks
):
    world = with_content
    stored = ApplicationFile.objects.get(application=world.application).file.name
    with django_capture_on_commit_callbacks(execute=True):
        applications.delete_account(world.candidate)
    assert not (settings.MEDIA_ROOT / stored).exists()


def test_delete_is_refused_once_a_decision_is_sent(world):
    Decision.objects.create(
        application=world.application, outcome="not_selected", status=Decision.Status.SENT
    )
    audit = ActivityLog.objects.count()
    with pytest.raises(NotAllowed) as refused:
        applications.delete_account(world.candidate)
    assert refused.value.message == (
        f"Une décision vous a déjà été envoyée pour « {world.call.title} » : votre compte ne "
        "peut plus être supprimé en ligne. Écrivez à eig@beta.gouv.fr pour exercer vos droits "
        "sur vos données."
    )
    assert get_user_model().objects.filter(pk=world.candidate.pk).exists()
    assert Application.objects.get(pk=world.application.pk).status == "submitted"
    assert ActivityLog.objects.count() == audit


@pytest.mark.parametrize("role", ["team", "director", "mentor", "juror"])
def test_team_and_reviewer_accounts_are_not_deleted_online(world, role):
    user = world.roles()[role]
    with pytest.raises(NotAllowed) as refused:
        applications.delete_account(user)
    assert refused.value.message in (
        "Les comptes de l'équipe du programme ne se suppriment pas en ligne : demandez-le à "
        "un administrateur.",
        "Vous participez à l'évaluation des candidatures : écrivez à eig@beta.gouv.fr pour "
        "supprimer votre compte.",
    )
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_delete_view_asks_for_the_password(client, world):
    client.force_login(world.candidate)
    url = reverse("accounts:delete")
    wrong = client.post(url, {"password": "pas-le-bon"})
    assert wrong.status_code == 400
    assert "Mot de passe incorrect : votre compte est conservé." in wrong.text
    assert get_user_model().objects.filter(pk=world.candidate.pk).exists()
    right = client.post(url, {"password": "motdepasse-solide-42"})
    assert right.status_code == 302 and right.url == "/"
    assert not get_user_model().objects.filter(username="candidate").exists()
    assert client.get(reverse("accounts:home")).status_code == 302  # signed out
    home = client.get("/")
    assert "Votre compte et vos candidatures ont été supprimés." in home.text


def test_delete_view_without_password_asks_for_the_phrase(client, world):
    world.candidate.set_unusable_password()
    world.candidate.save()
    client.force_login(world.candidate)
    url = reverse("accounts:delete")
    response = client.post(url, {"confirmation": "oui"})
    assert response.status_code == 400
    assert "Recopiez exactement « supprimer mon compte » pour confirmer." in response.text
    assert client.post(url, {"confirmation": "Supprimer mon compte"}).status_code == 302


def test_delete_view_refused_after_a_decision(client, world):
    Decision.objects.create(
        application=world.application, outcome="selected", challenge=world.challenge,
        status=Decision.Status.SENT,
    )  # fmt: skip
    client.force_login(world.candidate)
    response = client.post(reverse("accounts:delete"), {"password": "motdepasse-solide-42"})
    assert response.status_code == 409
    assert "ne peut plus être supprimé en ligne" in response.text
    assert get_user_model().objects.filter(pk=world.candidate.pk).exists()


# --- Mon espace ------------------------------------------------------------------------


def test_home_lists_applications_with_plain_statuses(client, world):
    Message.objects.create(
        application=world.application, from_team=True, kind=Message.Kind.INFO_REQUEST, body="?"
    )
    client.force_login(world.candidate)
    text = client.get(reverse("accounts:home")).text
    assert world.call.title in text
    assert "Déposée" in text
    assert "1 demande de complément attend votre réponse." in text
    assert "Mes données" in text


@pytest.mark.parametrize("size", [1, 5])
def test_home_queries_do_not_grow_with_applications(
    client, db, size, django_assert_max_num_queries
):
    user = UserFactory(username="multi")
    for _ in range(size):
        application = ApplicationFactory(candidate=user)
        Message.objects.create(
            application=application, from_team=True, kind="info_request", body="?"
        )
    client.force_login(user)
    # One more since the défi-jury pools are listed, one more for the fellow's recruitment,
    # one more for the programme's menu entry (the user's cohorts, cached on the user), one
    # more for the défis the user follows ("Mon suivi").
    with django_assert_max_num_queries(14):
        assert client.get(reverse("accounts:home")).status_code == 200
