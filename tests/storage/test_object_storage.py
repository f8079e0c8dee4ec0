"""Files on S3-compatible object storage (django-storages with boto3), against a real S3 API.

moto's server mode runs as a separate process over HTTP, as an object store would: uploads
land in the bucket, downloads go through Cohorte's permission checks, the retention job
deletes the objects, and the personal data archive (a ZIP) reads them back.
"""

import datetime
import hashlib
import io
import socket
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cohorte.calls.models import Application, ApplicationFile
from cohorte.selection.retention import purge_expired_applications

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
KEYS = {"AWS_ACCESS_KEY_ID": "cohorte-test", "AWS_SECRET_ACCESS_KEY": "cohorte-test-secret"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 server in its own process, on a free port; its endpoint URL."""
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("moto_server did not start")
    yield endpoint
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def bucket(s3_server, settings, monkeypatch):
    """A new bucket on the server, set as the default storage; a boto3 client to look in it."""
    for key, value in KEYS.items():
        monkeypatch.setenv(key, value)
    name = f"cohorte-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", **{
        "aws_access_key_id": KEYS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": KEYS["AWS_SECRET_ACCESS_KEY"],
    })  # fmt: skip
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "file_overwrite": False,
            },
        },
    }
    client.bucket = name
    return client


def keys(client) -> list[str]:
    listed = client.list_objects_v2(Bucket=client.bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def attach(application) -> ApplicationFile:
    return ApplicationFile.objects.create(
        application=application,
        kind="cv",
        file=ContentFile(PDF, name="cv.pdf"),
        original_name="Mon CV.pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )


def test_an_upload_lands_in_the_bucket_under_its_private_folder(world, bucket):
    stored = attach(world.application)
    assert keys(bucket) == [stored.file.name]
    assert stored.file.name.startswith("applications/")
    body = bucket.get_object(Bucket=bucket.bucket, Key=stored.file.name)["Body"].read()
    assert body == PDF


def test_a_download_goes_through_the_permission_check(world, bucket, client):
    stored = attach(world.application)
    url = reverse("team:application_file", args=[world.application.pk, stored.pk])
    client.force_login(world.team)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="Mon CV.pdf"'
    client.force_login(world.other_candidate)
    assert client.get(url).status_code in (403, 404)
    client.logout()
    assert client.get(url).status_code == 302


def test_the_retention_job_deletes_the_objects(world, bucket):
    stored = attach(world.application)
    kept = attach(world.other_application)
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Application.objects.filter(pk=world.application.pk).update(
        status=Application.Status.WITHDRAWN, withdrawn_at=long_ago
    )
    assert purge_expired_applications() == 1
    assert keys(bucket) == [kept.file.name]
    assert stored.file.name not in keys(bucket)


def test_the_personal_data_archive_reads_the_files_from_the_bucket(world, bucket, client):
    stored = attach(world.application)
    client.force_login(world.candidate)
    response = client.get(reverse("accounts:data_download"))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        path = f"fichiers/candidature-{world.application.pk}/{stored.pk}-Mon CV.pdf"
        assert archive.read(path) == PDF
