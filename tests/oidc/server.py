"""Starting the test OpenID provider (provider.mjs, on Node.js) and waiting for it."""

import fcntl
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

FOLDER = Path(__file__).resolve().parent
CLIENT_ID = "cohorte-test"
CLIENT_SECRET = "secret-de-test-assez-long-pour-le-fournisseur"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def install() -> None:
    """``npm ci`` once, when the provider's packages are not installed yet."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js and npm are missing: the ProConnect tests need them")
    # Parallel test workers install it once, one after the other.
    with open(Path(tempfile.gettempdir()) / "cohorte-oidc-npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (FOLDER / "node_modules" / "oidc-provider").is_dir():
            subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund"],
                cwd=FOLDER,
                check=True,
                capture_output=True,
                timeout=300,
            )


@contextmanager
def running_provider(redirect_uri: str, post_logout_redirect_uri: str):
    """A provider on a free port, yielding its issuer; stopped afterwards."""
    install()
    port = free_port()
    env = {
        **os.environ,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URI": redirect_uri,
        "OIDC_POST_LOGOUT_REDIRECT_URI": post_logout_redirect_uri,
    }
    # A file, not a pipe: a provider that writes much must never block on a full pipe.
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            ["node", "provider.mjs", str(port)],
            cwd=FOLDER,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        issuer = f"http://localhost:{port}"
        try:
            deadline = time.monotonic() + 20
            while True:
                if process.poll() is not None:
                    errors.seek(0)
                    raise RuntimeError(f"provider.mjs stopped: {errors.read().decode()}")
                try:
                    if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                        break
                except requests.ConnectionError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("provider.mjs did not answer within 20 seconds")
                time.sleep(0.1)
            yield issuer
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            errors.seek(0)
            failures = [
                line for line in errors.read().decode().splitlines() if "server_error" in line
            ]
            assert not failures, f"provider.mjs failed: {failures}"
