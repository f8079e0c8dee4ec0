"""manage.py backup and restore: every row and file comes back; bad input changes nothing."""

import hashlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import (
    ApplicationFactory,
    ChallengeFactory,
    PersonFactory,
    PostFactory,
    RoleFactory,
    UserFactory,
)

# Rows restored by pg_restore or SQLite's backup must leave the test's own transaction out.
pytestmark = pytest.mark.django_db(transaction=True)

FILES = {
    "applications/private/cv-camille.pdf": b"%PDF-1.4 Camille's CV\n%%EOF\n",
    "public/defis/logo.png": b"\x89PNG\r\n\x1a\n not really an image",
}


@pytest.fixture
def storage(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(storage):
    """Rows in most areas, and two files in the storage."""
    challenge = ChallengeFactory(title="Données de santé")
    user = UserFactory(username="camille", email="camille@example.org")
    RoleFactory(person=PersonFactory(full_name="Camille Dupont", user=user), challenge=challenge,
                cohort=challenge.cohort, kind="fellow")  # fmt: skip
    ApplicationFactory()
    PostFactory(title="Une nouvelle promotion")
    for name, content in FILES.items():
        assert default_storage.save(name, ContentFile(content)) == name


def snapshot() -> dict:
    """Every row of every concrete model, in primary key order."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def stored() -> dict:
    """SHA-256 of every file in the storage, by name."""
    found = {}
    for root in Path(default_storage.location).rglob("*"):
        if root.is_file():
            name = root.relative_to(default_storage.location).as_posix()
            found[name] = hashlib.sha256(root.read_bytes()).hexdigest()
    return found


def wipe():
    call_command("flush", "--noinput", verbosity=0)
    for name in list(stored()):
        default_storage.delete(name)


def run(command, *args) -> str:
    out = StringIO()
    call_command(command, *map(str, args), stdout=out)
    return out.getvalue()


def test_round_trip_brings_back_every_row_and_file(world, tmp_path):
    rows, files = snapshot(), stored()
    assert sum(len(r) for r in rows.values()) > 20 and len(files) == 2

    out = run("backup", tmp_path / "backup")
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["vendor"] == connection.vendor
    assert sorted(e["name"] for e in manifest["media"]) == sorted(FILES)
    assert out.startswith(f"Sauvegarde écrite dans {tmp_path / 'backup'} : ")
    assert "2 fichiers" in out
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cohorte-backup-")]

    wipe()
    assert snapshot() != rows and stored() == {}
    out = run("restore", tmp_path / "backup")
    assert snapshot() == rows
    assert stored() == files
    assert out.startswith("Sauvegarde restaurée : ")
    assert out.endswith("chaque table a le nombre de lignes du manifeste.\n")


def test_backup_refuses_a_folder_that_is_not_empty(world, tmp_path):
    target = tmp_path / "backup"
    target.mkdir()
    (target / "notes.txt").write_text("à garder")
    with pytest.raises(CommandError) as error:
        run("backup", target)
    assert str(error.value) == (
        f"Le dossier {target} existe déjà et n'est pas vide : choisissez-en un autre."
    )
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_backup_refuses_a_place_it_cannot_write(world, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(CommandError) as error:
        run("backup", blocker / "backup")
    assert str(error.value) == (
        f"Impossible d'écrire dans {blocker} : vérifiez qu'il existe et ses droits."
    )


@pytest.fixture
def saved(world, tmp_path):
    """A backup of the world, then an empty database and storage."""
    run("backup", tmp_path / "backup")
    wipe()
    return tmp_path / "backup"


def test_restore_refuses_a_database_with_data_and_changes_nothing(saved):
    UserFactory(username="someone")
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run("restore", saved)
    assert str(error.value).startswith("La base de destination n'est pas vide (table ")
    assert str(error.value).endswith(
        ") : restaurez sur une base neuve (créée et migrée, sans données)."
    )
    assert snapshot() == before and stored() == {}


def test_restore_refuses_a_storage_with_files(saved):
    default_storage.save("public/other.txt", ContentFile(b"x"))
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run("restore", saved)
    assert str(error.value) == (
        "Le stockage des fichiers de destination n'est pas vide : restaurez sur un stockage neuf."
    )
    assert snapshot() == before and list(stored()) == ["public/other.txt"]


def test_restore_refuses_an_altered_file_before_changing_anything(saved):
    path = saved / "media" / "applications/private/cv-camille.pdf"
    path.write_bytes(path.read_bytes().replace(b"Camille", b"Mallory"))
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run("restore", saved)
    assert str(error.value) == (
        "Fichier altéré dans la sauvegarde : media/applications/private/cv-camille.pdf "
        "(somme de contrôle différente du manifeste)."
    )
    assert snapshot() == before and stored() == {}


def test_restore_refuses_a_missing_file(saved):
    (saved / "media" / "public/defis/logo.png").unlink()
    with pytest.raises(CommandError) as error:
        run("restore", saved)
    assert str(error.value) == "Fichier manquant dans la sauvegarde : media/public/defis/logo.png."


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path, storage):
    with pytest.raises(CommandError) as error:
        run("restore", tmp_path)
    assert str(error.value) == (
        f"{tmp_path} n'est pas une sauvegarde de Cohorte : manifest.json est absent."
    )
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(CommandError) as error:
        run("restore", tmp_path)
    assert str(error.value) == (
        f"{tmp_path / 'manifest.json'} est illisible : ce n'est pas un manifeste JSON."
    )


def _edit_manifest(folder, **changes):
    path = folder / "manifest.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), **changes}))


def test_restore_refuses_another_database_vendor(saved):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    _edit_manifest(saved, vendor=other)
    with pytest.raises(CommandError) as error:
        run("restore", saved)
    assert str(error.value) == (
        f"Cette sauvegarde vient d'une base {other} : elle se restaure sur une base du même "
        f"type, pas sur {connection.vendor}."
    )


def test_restore_refuses_a_backup_of_a_newer_version(saved):
    manifest = json.loads((saved / "manifest.json").read_text())
    _edit_manifest(saved, migrations={**manifest["migrations"], "calls": "0099_from_the_future"})
    with pytest.raises(CommandError) as error:
        run("restore", saved)
    assert str(error.value) == (
        "Cette sauvegarde vient d'une version plus récente de Cohorte (migrations inconnues : "
        "calls.0099_from_the_future) : installez cette version pour la restaurer."
    )
    assert snapshot()["auth.User"] == []
