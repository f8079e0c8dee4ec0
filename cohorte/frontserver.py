"""The front server (nginx): its configuration from deploy/nginx.conf, and a running one.

Used by ``make prod-like`` and by the tests of the production layout; a real deployment
renders the file once with its own paths.
"""

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def render(work: Path, listen: str, upstream: str, static_root: Path, media_root: Path,
           forwarded_proto: str = "$scheme", resolver: str = "127.0.0.1") -> Path:  # fmt: skip
    """Write nginx.conf for these places into ``work``; return its path."""
    values = {
        "WORK": str(work),
        "LISTEN": listen,
        "UPSTREAM": upstream,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "FORWARDED_PROTO": forwarded_proto,
        "RESOLVER": resolver,
        "MIME_TYPES": "/etc/nginx/mime.types",
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", value)
    if "@@" in text:
        raise ValueError("deploy/nginx.conf has a placeholder that render() does not fill")
    work.mkdir(parents=True, exist_ok=True)
    path = work / "nginx.conf"
    path.write_text(text)
    return path


@contextmanager
def running(config: Path, port: int):
    """nginx in the foreground with ``config`` until the block ends."""
    check = subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(config.parent)],
                           capture_output=True, text=True, check=False)  # fmt: skip
    if check.returncode:
        raise RuntimeError(f"nginx refused its configuration:\n{check.stderr}")
    directives = "daemon off;"
    if os.geteuid() == 0:
        # Started by root (these machines, CI): workers as root reach the private temporary
        # folders of the run; a real deployment runs nginx as its own service user.
        directives += " user root;"
    process = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(config.parent), "-g", directives],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(port, process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_for(port: int, process, seconds: float = 20) -> None:
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode(errors="replace")) from None
            time.sleep(0.1)
    raise RuntimeError("nginx did not start")
