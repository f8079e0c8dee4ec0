"""The production layout's front server: nginx from Debian's packages before gunicorn.

nginx serves the static files itself, refuses the private upload folders, hands over
downloads with X-Accel-Redirect once Cohorte has checked who asks, and keeps anonymous
public pages for as long as their Cache-Control says, never a signed-in page.
"""

import json
import subprocess
import sys

import pytest

from cohorte import frontserver
from tests import production_server

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Run in the production folder's own database, as a team member would through the pages.
SETUP = """
import hashlib, json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from cohorte.calls.models import ApplicationFile
from tests.factories import ApplicationCallFactory, ApplicationFactory, UserFactory

pdf = bytes.fromhex("{pdf}")
call = ApplicationCallFactory(slug="appel-front")
def signed_in(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key
owner, other = UserFactory(username="camille"), UserFactory(username="alex")
application = ApplicationFactory(call=call, candidate=owner)
ApplicationFactory(call=call, candidate=other)
stored = ApplicationFile.objects.create(
    application=application, kind="cv", file=ContentFile(pdf, name="cv.pdf"),
    original_name="cv-camille.pdf", size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest(),
)
print(json.dumps({{"file": stored.pk, "name": stored.file.name,
                  "owner": signed_in(owner), "other": signed_in(other)}}))
"""


@pytest.fixture(scope="module")
def site(production_folder):
    """Cohorte in production mode behind nginx; the base URL and the setup's ids."""
    # The session's production folder: migrate and collectstatic cost a minute each time.
    folder = production_folder
    env = production_server.production_environment(folder)
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SETUP.format(pdf=PDF.hex())],
        cwd=production_server.ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    ids = json.loads(out.strip().splitlines()[-1])
    (folder / "media" / "public").mkdir(parents=True, exist_ok=True)
    (folder / "media" / "public" / "logo.txt").write_text("logo")
    with production_server.gunicorn(folder, MEDIA_ACCEL_REDIRECT="/_protected/") as upstream:
        port = production_server.free_port()
        config = frontserver.render(
            folder / "nginx", listen=f"127.0.0.1:{port}", upstream=upstream.split("//")[1],
            static_root=folder / "static", media_root=folder / "media", forwarded_proto="https",
        )  # fmt: skip
        with frontserver.running(config, port):
            yield f"http://127.0.0.1:{port}", ids


def get(url, session=None):
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    return production_server.request(url, headers)


def test_static_files_come_from_nginx(site):
    base, _ = site
    status, headers, body = get(base + "/")
    assert status == 200
    links = [part.split('"')[0] for part in body.decode().split('href="')[1:]]
    stylesheet = next(link for link in links if link.endswith(".css"))
    status, headers, _ = get(base + stylesheet)
    assert status == 200 and headers["X-Served-By"] == "front"


def test_an_anonymous_public_page_is_kept_by_the_front_cache(site):
    base, _ = site
    first = get(base + "/defis/?front=1")
    second = get(base + "/defis/?front=1")
    assert first[0] == second[0] == 200
    assert first[1]["X-Cache-Status"] == "MISS" and second[1]["X-Cache-Status"] == "HIT"
    assert second[2] == first[2]


def test_a_signed_in_page_is_never_cached(site):
    base, ids = site
    for _ in range(2):
        status, headers, _ = get(base + "/mon-espace/", ids["owner"])
        assert status == 200
        assert headers["X-Cache-Status"] == "BYPASS"
        assert headers["Cache-Control"] == "private, no-store"


def test_a_download_is_handed_over_after_the_permission_check(site):
    base, ids = site
    url = f"{base}/appels/appel-front/candidature/fichiers/{ids['file']}/"
    status, headers, body = get(url, ids["owner"])
    assert status == 200 and body == PDF
    assert headers["X-Served-By"] == "front"  # the bytes came from nginx, not gunicorn
    assert headers["Content-Disposition"] == 'attachment; filename="cv-camille.pdf"'
    assert headers["Content-Security-Policy"] == "sandbox"
    assert "X-Accel-Redirect" not in headers
    assert get(url, ids["other"])[0] == 404
    assert get(url)[0] == 302  # to the login page


def test_private_uploads_are_unreachable_directly(site):
    base, ids = site
    assert get(f"{base}/media/{ids['name']}")[0] == 404
    assert get(f"{base}/_protected/{ids['name']}")[0] == 404
    status, _, body = get(f"{base}/media/public/logo.txt")
    assert status == 200 and body == b"logo"
