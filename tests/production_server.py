"""A Cohorte started as the README's production steps say: DEBUG=0, migrate,
collectstatic, gunicorn with the repository's gunicorn.conf.py, in a folder of its own."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "test-production-secret-key-" + "k" * 40


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(var_dir: Path, **extra) -> dict:
    """The environment of a production process, with nothing of the test run's own."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "SITE_URL", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not k.startswith("PYTEST")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://127.0.0.1",
        COHORTE_VAR_DIR=str(var_dir),
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_SECONDS="0",
        # These servers check assets, headers and caching on a database with no programme:
        # the first-run setup, which would answer every page, has its own tests.
        COHORTE_SETUP_REQUIRED="0",
        **extra,
    )
    return env


def prepare(var_dir: Path) -> None:
    """migrate, createcachetable and collectstatic, as the README says, in ``var_dir``."""
    env = production_environment(var_dir)
    for command in (["migrate", "--noinput"], ["createcachetable"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )


def request(url: str, headers: dict | None = None):
    """(status, headers, body) of a GET, redirects not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    # Generous: a correctness check, which a loaded CI machine must not turn into a failure.
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@contextmanager
def gunicorn(var_dir: Path, **extra):
    """gunicorn serving Cohorte from ``var_dir`` on a free port; yields its base URL."""
    port = free_port()
    env = production_environment(var_dir, GUNICORN_BIND=f"127.0.0.1:{port}", **extra)
    env.setdefault("WEB_CONCURRENCY", "1")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cohorte.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode(errors="replace")
                    raise RuntimeError(f"gunicorn did not start:\n{output}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
