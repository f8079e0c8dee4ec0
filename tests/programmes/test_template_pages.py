"""/gestion/parametres/modele/: the team downloads the template, checks a file, imports it."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.content.models import Page
from cohorte.programmes.models import Programme
from cohorte.programmes.template_views import WAITING
from cohorte.programmes.templates_io import dumps, export_template
from tests.factories import team_and_director
from tests.programmes.template_world import configured_programme

pytestmark = pytest.mark.django_db
PAGE = "/gestion/parametres/modele/"


@pytest.fixture
def team(client):
    configured_programme()
    user, _director = team_and_director()
    client.force_login(user)
    return user


def _talents() -> bytes:
    template = export_template(Programme.objects.get())
    template["programme"] |= {"name": "Talents du numérique", "short_name": "TDN"}
    template["sections"]["pages"].append({"slug": "talents", "title": "Les talents"})
    ActivityLog.objects.all().delete()
    return dumps(template).encode()


def _upload(client, content: bytes, name="modele.json"):
    return client.post(PAGE, {"file": SimpleUploadedFile(name, content, "application/json")})


def test_the_download_is_the_programme_template_named_after_it(client, team):
    assert reverse("programme_template:page") == PAGE

    response = client.post(reverse("programme_template:download"))

    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="eig-modele-{day}.json"'
    template = json.loads(response.content)
    assert template["programme"]["name"] == "Entrepreneurs d'intérêt général"
    entry = ActivityLog.objects.get(action="programme.template_exported")
    assert entry.actor == team and entry.data["counts"]["calls"] == 2


def test_a_file_is_shown_before_it_is_imported_then_imported(client, team):
    response = _upload(client, _talents())

    assert response.status_code == 200
    text = response.content.decode()
    assert "Ce que l’import va faire" in text
    assert '<th scope="row">Pages du site</th><td>1</td><td>0</td><td>1</td>' in text
    assert Programme.objects.get().name == "Entrepreneurs d'intérêt général"
    assert not ActivityLog.objects.exists()

    response = client.post(reverse("programme_template:import"), follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    assert "Modèle importé : 1 élément(s) créé(s), 1 mis à jour." in response.content.decode()
    assert Programme.objects.get().name == "Talents du numérique"
    assert Page.objects.filter(slug="talents").exists()
    entry = ActivityLog.objects.get(action="programme.template_imported")
    assert entry.actor == team
    assert entry.data["counts"]["pages"] == {"created": 1, "updated": 0, "unchanged": 1}
    assert WAITING not in client.session


def test_confirming_without_a_file_waiting_imports_nothing(client, team):
    response = client.post(reverse("programme_template:import"), follow=True)

    assert "Aucun fichier en attente : choisissez de nouveau le modèle." in (
        response.content.decode()
    )
    assert not ActivityLog.objects.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"<html>", "Ce fichier n’est pas un fichier JSON lisible."),
        (b'{"format": "cohorte-programme", "version": 3}',
         "Version « 3 » du modèle non prise en charge : ce site lit la version 1."),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_with_its_reason(client, team, content, message):
    before = list(Programme.objects.values())

    response = _upload(client, content)

    assert response.status_code == 400
    assert message.replace("’", "'") in response.content.decode().replace("&#x27;", "'")
    assert "Ce fichier ne peut pas être importé : rien n’a été modifié." in (
        response.content.decode()
    )
    assert list(Programme.objects.values()) == before
    assert WAITING not in client.session


def test_no_file_sent_says_so(client, team):
    response = client.post(PAGE, {})

    assert response.status_code == 400
    assert "Choisissez le fichier du modèle à importer." in response.content.decode()


def test_the_commands_export_and_import(tmp_path, capsys):
    programme = configured_programme()
    path = tmp_path / "eig.json"

    call_command("export_programme", str(path))

    assert "Modèle du programme « EIG » écrit dans" in capsys.readouterr().out
    template = json.loads(path.read_text())
    assert template["sections"] == export_template(programme)["sections"]
    template["programme"]["name"] = "Talents du numérique"
    path.write_text(json.dumps(template))

    call_command("import_programme", str(path), "--apercu")
    out = capsys.readouterr().out
    assert "Identité du programme : 0 créé(s), 1 mis à jour, 0 inchangé(s)." in out
    assert "Aperçu : rien n'a été écrit." in out
    assert Programme.objects.get().name == "Entrepreneurs d'intérêt général"

    call_command("import_programme", str(path))
    assert "Import terminé." in capsys.readouterr().out
    assert Programme.objects.get().name == "Talents du numérique"
    assert ActivityLog.objects.filter(action="programme.template_imported").count() == 1


def test_the_import_command_refuses_a_bad_file(tmp_path):
    configured_programme()
    path = tmp_path / "x.json"
    path.write_text('{"format": "cohorte-programme", "version": 1, "sections": {"faq": 3}}')

    with pytest.raises(CommandError, match="^« faq » : une liste est attendue.$"):
        call_command("import_programme", str(path))
    with pytest.raises(CommandError, match="^Fichier illisible : No such file or directory.$"):
        call_command("import_programme", str(tmp_path / "absent.json"))
