"""Public site benchmark: import of both real sites, uncached latency, cached throughput.

Run from the repository root: ``python benchmarks/site_bench.py``. It builds a fresh
database in a temporary folder (SQLite, or ``DATABASE_URL`` when set: that database is
flushed), imports ``../shared/data``'s two sites, then starts gunicorn twice on the
loopback: once with no cache to measure uncached latency (p50/p95), once with the
real cache to compare the throughput of public pages with the same HTML served as a
static file by the same server, side by side in this run. Figures are printed; nothing
is asserted.
"""

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SITES = [SHARED / "eig-site-jekyll", SHARED / "eig-site-hugo-sample"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(var_dir: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cohorte.settings",
        COHORTE_VAR_DIR=str(var_dir),
        DEBUG="0",
        SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1",  # required with DEBUG=0; only absolute links read it
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
        # The imported sites are the instance's content: no first-run setup to go through
        # (a set-up instance answers without a query to know it, as here).
        COHORTE_SETUP_REQUIRED="0",
    )
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def timed_import(env: dict) -> list[tuple[str, float, str]]:
    """Import both sites in one process, timing each import alone (Django start-up excluded)."""
    script = (
        "import django, json, sys, time\n"
        "django.setup()\n"
        "from pathlib import Path\n"
        "from cohorte.content.importers import import_site\n"
        "for path in sys.argv[1:]:\n"
        "    start = time.perf_counter()\n"
        "    report = import_site(Path(path))\n"
        "    created = sum(report.created.values())\n"
        "    print(json.dumps([Path(path).name, time.perf_counter() - start, created]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, *map(str, SITES)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    import json

    return [tuple(json.loads(line)) for line in out.splitlines() if line.startswith("[")]


@contextmanager
def gunicorn(env: dict, port: int):
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "cohorte.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--threads", "4", "--worker-class", "gthread",
            "--log-level", "warning",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if fetch(port, "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("gunicorn did not start")
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


def fetch(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def latencies(port: int, paths: list[str], rounds: int) -> list[float]:
    timings = []
    for index in range(rounds):
        path = paths[index % len(paths)]
        start = time.perf_counter()
        status, _ = fetch(port, path)
        timings.append(time.perf_counter() - start)
        if status != 200:
            sys.exit(f"{path} answered {status}")
    return timings


def throughput(port: int, path: str, clients: int, seconds: float) -> float:
    """Requests per second that ``clients`` concurrent clients get for ``path``."""
    done = [0] * clients
    stop = time.monotonic() + seconds

    def client(slot: int) -> None:
        while time.monotonic() < stop:
            status, _ = fetch(port, path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            done[slot] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - start)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="requests per latency series")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of a throughput run")
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    if not all(site.is_dir() for site in SITES):
        sys.exit(f"The shared sites are missing under {SHARED}")

    var_dir = Path(tempfile.mkdtemp(prefix="cohorte-bench-"))
    try:
        env = base_env(var_dir)
        if os.environ.get("DATABASE_URL"):
            manage(env, "flush", "--noinput")
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput")

        print("== Import of both real sites (target < 10 s in all)")
        imports = timed_import(env)
        for name, seconds, created in imports:
            print(f"  {name:<24} {seconds:6.2f} s  ({created} objects created)")
        print(f"  {'total':<24} {sum(s for _, s, _ in imports):6.2f} s")

        slugs = manage(
            env, "shell", "-v", "0", "-c",
            "from cohorte.challenges.models import Challenge;"
            "print('\\n'.join(Challenge.objects.public().values_list('slug', flat=True)))",
        ).split()  # fmt: skip
        detail_paths = [f"/defis/{slug}/" for slug in slugs]
        list_paths = ["/defis/", "/defis/?page=2", "/defis/?q=donn%C3%A9es"]

        print(f"\n== Uncached latency over HTTP ({args.rounds} requests each, target p95 < 50 ms)")
        uncached = dict(env, CACHE_BACKEND="django.core.cache.backends.dummy.DummyCache")
        port = free_port()
        with gunicorn(uncached, port):
            latencies(port, list_paths + detail_paths[:5], 20)  # warm-up
            for label, paths in [("/defis/", list_paths), ("défi pages", detail_paths)]:
                series = latencies(port, paths, args.rounds)
                print(
                    f"  {label:<12} p50 {statistics.median(series) * 1000:6.1f} ms"
                    f"   p95 {p95(series) * 1000:6.1f} ms   ({len(paths)} distinct URLs)"
                )

        print(f"\n== Cached throughput vs the same HTML as a static file ({args.clients} clients)")
        port = free_port()
        static_dir = Path(env.get("STATIC_ROOT", var_dir / "static")) / "bench"
        with gunicorn(env, port):
            rows = []
            for label, path in [("/", "/"), ("/defis/", "/defis/"), ("défi", detail_paths[0])]:
                status, html = fetch(port, path)
                static_dir.mkdir(parents=True, exist_ok=True)
                name = f"page-{len(rows)}.html"
                (static_dir / name).write_bytes(html)
                rows.append((label, path, f"/static/bench/{name}"))
        # WhiteNoise indexes static files at start-up: restart so it sees the copies.
        with gunicorn(env, port):
            for label, path, static_path in rows:
                fetch(port, path)  # fill the cache
                dynamic = throughput(port, path, args.clients, args.seconds)
                static = throughput(port, static_path, args.clients, args.seconds)
                print(
                    f"  {label:<8} page {dynamic:7.0f} req/s   static {static:7.0f} req/s"
                    f"   static/page ratio {static / dynamic:4.2f} (target < 5)"
                )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
