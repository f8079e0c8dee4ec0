"""The versions of a post and their differences; the files attached to a post."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.content.models import Post, PostAttachment
from cohorte.editorial import uploads
from tests.factories import PostFactory

from .conftest import NOW, fields, text

pytestmark = pytest.mark.django_db
REFUSED = (
    "Format refusé : déposez un PDF ou un document bureautique "
    "(Word, Excel, PowerPoint, OpenDocument)."
)


def test_each_save_is_a_version_and_two_versions_compare(team_client):
    team_client.post(
        reverse("editorial:new"), fields(body="Première ligne.\nDeuxième ligne.", title="Bilan")
    )
    post = Post.objects.get()
    edit = reverse("editorial:edit", args=[post.pk])
    team_client.post(
        edit, fields(body="Première ligne.\nDeuxième ligne corrigée.", title="Bilan annuel")
    )
    team_client.post(reverse("editorial:unpublish", args=[post.pk]))  # a draft: nothing to do
    team_client.post(reverse("editorial:publish", args=[post.pk]))
    assert list(post.revisions.order_by("number").values_list("number", flat=True)) == [1, 2, 3]

    history = text(team_client.get(reverse("editorial:history", args=[post.pk])))
    assert "Comparer les versions 2 et 3" in history
    assert "Comparer les versions 1 et 2" in history
    assert "Rita Daction" in history

    response = team_client.get(reverse("editorial:diff", args=[post.pk, 1, 2]))
    page = text(response)
    assert response.status_code == 200
    assert "<h1>Différences entre les versions 1 et 2</h1>" in page
    assert '<li><del><span class="fr-sr-only">Retiré : </span>Deuxième ligne.</del></li>' in page
    assert (
        '<li><ins><span class="fr-sr-only">Ajouté : </span>Deuxième ligne corrigée.</ins></li>'
        in page
    )
    assert "<li>Première ligne.</li>" in page  # kept, neither deleted nor inserted
    assert '<del><span class="fr-sr-only">Retiré : </span>Bilan</del>' in page
    assert '<ins><span class="fr-sr-only">Ajouté : </span>Bilan annuel</ins>' in page
    assert "style=" not in page

    state = text(team_client.get(reverse("editorial:diff", args=[post.pk, 2, 3])))
    assert '<del><span class="fr-sr-only">Retiré : </span>brouillon</del>' in state
    assert '<ins><span class="fr-sr-only">Ajouté : </span>publiée</ins>' in state

    assert team_client.get(reverse("editorial:diff", args=[post.pk, 1, 9])).status_code == 404


def _pdf(name="communique.pdf", size=None):
    content = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
    if size:
        content += b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_attach_download_and_remove_a_file(team_client, client, tmp_path):
    post = PostFactory(title="Communiqué", slug="communique", published_at=NOW)
    response = team_client.post(
        reverse("editorial:attachment_add", args=[post.pk]),
        {"fichier-title": "Le communiqué de presse", "fichier-file": _pdf()},
    )
    assert response.status_code == 302
    attachment = PostAttachment.objects.get()
    assert attachment.file.name.startswith("post-files/")
    assert attachment.file.name.endswith(".pdf")
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "communique.pdf"
    log = ActivityLog.objects.get()
    assert log.action == "post.attachment_added"
    assert log.data["title"] == "Le communiqué de presse"

    client.logout()
    page = text(client.get(post.get_absolute_url()))
    assert f'href="/blog/communique/fichiers/{attachment.pk}/"' in page
    assert "Le communiqué de presse" in page
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert 'filename="communique.pdf"' in download["Content-Disposition"]
    # The storage's own address gives nothing: the folder is private.
    assert client.get(f"/media/{attachment.file.name}").status_code == 404

    team_client.force_login(team_client.user)
    stored = tmp_path / "media" / attachment.file.name
    assert stored.exists()
    response = team_client.post(
        reverse("editorial:attachment_delete", args=[post.pk, attachment.pk])
    )
    assert response.status_code == 302
    assert not PostAttachment.objects.exists()
    assert list(ActivityLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "post.attachment_added",
        "post.attachment_deleted",
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "Programme", "file": SimpleUploadedFile("programme.exe", b"MZ\x90\x00")},
         "file", REFUSED),
        ({"title": "Programme", "file": SimpleUploadedFile("faux.pdf", b"MZ\x90\x00 not a pdf")},
         "file", REFUSED),
        ({"title": "Énorme", "file": _pdf(size=uploads.MAX_ATTACHMENT_BYTES + 1)},
         "file", "Le fichier dépasse la taille maximale de 20 Mo."),
        ({"title": "", "file": _pdf()}, "title", "Indiquez le titre du fichier."),
        ({"title": "Sans fichier"}, "file", "Choisissez le fichier à joindre."),
    ],
    ids=["executable", "renamed", "too-large", "no-title", "no-file"],
)  # fmt: skip
def test_bad_files_are_refused(team_client, tmp_path, data, field, message):
    post = PostFactory(published_at=NOW)
    data = {f"fichier-{name}": value for name, value in data.items()}
    response = team_client.post(reverse("editorial:attachment_add", args=[post.pk]), data)
    assert response.status_code == 400
    assert response.context["attachment_form"].errors[field] == [message]
    assert message in text(response)
    assert not PostAttachment.objects.exists()
    assert not ActivityLog.objects.exists()
    assert not list((tmp_path / "media").rglob("*.*"))


def test_office_documents_are_accepted(team_client):
    post = PostFactory(published_at=NOW)
    docx = SimpleUploadedFile("bilan.docx", b"PK\x03\x04" + b"\x00" * 40)
    team_client.post(
        reverse("editorial:attachment_add", args=[post.pk]),
        {"fichier-title": "Bilan", "fichier-file": docx},
    )
    attachment = PostAttachment.objects.get()
    assert attachment.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert attachment.extension == "docx"
