"""Backups that restore: the database's snapshot, the uploaded files and a manifest of both.

A backup folder holds ``manifest.json`` (format version, date, database vendor, the last
migration of every app, rows per table, and the size and SHA-256 of every file), the
database's snapshot and ``media/`` with every file of the default storage (local folder or
object storage). It is written in a temporary folder beside the target and renamed into place
only when complete, so a failed backup leaves nothing that looks like one.
"""

import datetime
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from . import database

FORMAT, VERSION = "cohorte-backup", 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore refused; the message says why and what to do, nothing was changed."""


@dataclass
class Summary:
    rows: int
    tables: int
    files: int
    bytes: int


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read by blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stored_files(folder: str = "") -> list[str]:
    """Every file name of the default storage, walked from ``folder``."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # a local media folder that was never created
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += _stored_files(f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def _applied_migrations() -> dict[str, str]:
    """The last applied migration of every app, from the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        last = {}
        for app, name in cursor.fetchall():
            last[app] = max(last.get(app, name), name)
    return last


def _entry(path: Path, name: str) -> dict:
    return {"name": name, "size": path.stat().st_size, "sha256": sha256(path)}


def backup(target: Path) -> Summary:
    """Write a complete backup into ``target``, a folder that must not exist or be empty."""
    target = Path(target).absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(
            f"Le dossier {target} existe déjà et n'est pas vide : choisissez-en un autre."
        )
    parent = target.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK):
        raise BackupError(
            f"Impossible d'écrire dans {parent} : vérifiez qu'il existe et ses droits."
        )
    work = Path(tempfile.mkdtemp(prefix=".cohorte-backup-", dir=parent))
    try:
        db_name, tables = database.dump(work)
        media = []
        for name in _stored_files():
            copy = work / "media" / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, open(copy, "wb") as out:
                shutil.copyfileobj(source, out)
            media.append(_entry(copy, name))
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "vendor": database.vendor(),
            "migrations": _applied_migrations(),
            "database": _entry(work / db_name, db_name),
            "tables": tables,
            "media": media,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        if target.exists():
            target.rmdir()
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Summary(
        rows=sum(tables.values()), tables=len(tables), files=len(media),
        bytes=sum(entry["size"] for entry in media),
    )  # fmt: skip


def read_manifest(source: Path) -> dict:
    """The backup's manifest, checked against this version of Cohorte and its database."""
    path = Path(source) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise BackupError(
            f"{source} n'est pas une sauvegarde de Cohorte : {MANIFEST} est absent."
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError(f"{path} est illisible : ce n'est pas un manifeste JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source} n'est pas une sauvegarde de Cohorte.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"Cette sauvegarde est au format {manifest.get('version')}, "
            f"cette version de Cohorte lit le format {VERSION}."
        )
    if manifest.get("vendor") != database.vendor():
        raise BackupError(
            f"Cette sauvegarde vient d'une base {manifest.get('vendor')} : elle se restaure sur "
            f"une base du même type, pas sur {database.vendor()}."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(
        f"{app}.{name}" for app, name in manifest.get("migrations", {}).items()
        if (app, name) not in known
    )  # fmt: skip
    if unknown:
        raise BackupError(
            "Cette sauvegarde vient d'une version plus récente de Cohorte (migrations "
            f"inconnues : {', '.join(unknown)}) : installez cette version pour la restaurer."
        )
    return manifest


def verify(source: Path, manifest: dict) -> None:
    """Check that every file of the backup is there, whole, before anything is changed."""
    entries = [manifest["database"]] + [
        {**entry, "name": f"media/{entry['name']}"} for entry in manifest["media"]
    ]
    for entry in entries:
        path = Path(source) / entry["name"]
        if not path.is_file():
            raise BackupError(f"Fichier manquant dans la sauvegarde : {entry['name']}.")
        if path.stat().st_size != entry["size"] or sha256(path) != entry["sha256"]:
            raise BackupError(
                f"Fichier altéré dans la sauvegarde : {entry['name']} (somme de contrôle "
                "différente du manifeste)."
            )


def _data_tables() -> list[str]:
    """The tables that hold what people entered: accounts and every Cohorte app's tables."""
    # Not auth's groups and permissions, nor content types: migrate itself fills those.
    tables = {get_user_model()._meta.db_table}
    for config in apps.get_app_configs():
        if config.name.startswith("cohorte.") or config.label in {"account", "mfa"}:
            tables |= {model._meta.db_table for model in config.get_models()}
    existing = set(connection.introspection.table_names())
    return sorted(tables & existing)


def ensure_empty() -> None:
    """Refuse to restore over data: the target database must hold no account and no content."""
    with connection.cursor() as cursor:
        for table in _data_tables():
            cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')  # noqa: S608 - from the models
            if cursor.fetchone():
                raise BackupError(
                    f"La base de destination n'est pas vide (table {table}) : restaurez sur une "
                    "base neuve (créée et migrée, sans données)."
                )
    if _stored_files():
        raise BackupError(
            "Le stockage des fichiers de destination n'est pas vide : "
            "restaurez sur un stockage neuf."
        )


def restore(source: Path) -> Summary:
    """Restore the backup at ``source`` onto an empty database and file storage."""
    source = Path(source)
    manifest = read_manifest(source)
    verify(source, manifest)
    ensure_empty()
    database.load(source / manifest["database"]["name"])
    saved = []
    try:
        for entry in manifest["media"]:
            with open(source / "media" / entry["name"], "rb") as handle:
                name = default_storage.save(entry["name"], File(handle))
            saved.append(name)
            if name != entry["name"]:
                raise BackupError(
                    f"Le fichier {entry['name']} n'a pas pu être restauré sous son nom."
                )
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    counts = database.row_counts()
    different = sorted(t for t, n in manifest["tables"].items() if counts.get(t) != n)
    if different:
        raise BackupError(
            f"Restauration incomplète : le nombre de lignes diffère pour {', '.join(different)}."
        )
    return Summary(
        rows=sum(counts.values()), tables=len(counts), files=len(saved),
        bytes=sum(entry["size"] for entry in manifest["media"]),
    )  # fmt: skip
