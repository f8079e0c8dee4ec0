"""Front server benchmark: a cached public page through nginx against the same HTML as a file.

Run from the repository root::

    python benchmarks/front_server_bench.py [--seconds 10] [--connections 32] [--threads 2]

It sets Cohorte up in production mode in a temporary folder (DEBUG=0, migrate,
collectstatic, the demo programme so that ``/defis/`` lists défis), starts gunicorn and
nginx with deploy/nginx.conf as ``make prod-like`` does, warms the front cache for
``/defis/``, saves the very same HTML under the static folder served by the same nginx,
then runs ``wrk`` on both, alternately, with the same duration, connections and threads.
It prints the requests per second of each and their ratio, and exits non-zero when the
cached page gets less than half the static file's throughput (issue #14, §5).
"""

# ruff: noqa: T201 - a command-line tool prints.
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cohorte import frontserver  # noqa: E402
from tests import production_server  # noqa: E402

WRK = shutil.which("wrk") or "/usr/bin/wrk"
PAGE = "/defis/"
TARGET = 0.5


def wrk(url: str, args) -> tuple[float, str]:
    """Requests per second ``wrk`` gets from ``url``, and its report."""
    out = subprocess.run(
        [WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"wrk saw errors on {url}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="alternate runs of each")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cohorte-front-"))
    try:
        production_server.prepare(folder)
        subprocess.run(
            [sys.executable, "manage.py", "demo", "--if-empty"], cwd=ROOT, check=True,
            env=production_server.production_environment(folder), capture_output=True,
        )  # fmt: skip
        with production_server.gunicorn(folder, WEB_CONCURRENCY="2") as upstream:
            port = production_server.free_port()
            config = frontserver.render(
                folder / "nginx", listen=f"127.0.0.1:{port}", upstream=upstream.split("//")[1],
                static_root=folder / "static", media_root=folder / "media",
                forwarded_proto="https",
            )  # fmt: skip
            with frontserver.running(config, port):
                measure(f"http://127.0.0.1:{port}", folder / "static", args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(base: str, static_root: Path, args) -> None:
    status, headers, html = production_server.request(base + PAGE)
    again = production_server.request(base + PAGE)
    if status != 200 or again[1]["X-Cache-Status"] != "HIT" or again[2] != html:
        sys.exit(f"{PAGE} is not kept by the front cache: {status}, {dict(again[1])}")
    copy = static_root / "bench" / "defis.html"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(html)
    print(f"== {PAGE} from the front cache vs the same HTML as a static file, same nginx")
    print(
        f"  page        {len(html) / 1024:.1f} kB; Cache-Control: {headers['Cache-Control']}; "
        f"Vary: {headers.get('Vary', '-')}"
    )
    print(
        f"  wrk         {args.threads} threads, {args.connections} connections, "
        f"{args.seconds} s per run, {args.rounds} alternate runs of each; "
        f"load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores at the start"
    )
    cached, static = [], []
    for _ in range(args.rounds):
        static.append(wrk(base + "/static/bench/defis.html", args)[0])
        cached.append(wrk(base + PAGE, args)[0])
    status, headers, _ = production_server.request(base + PAGE)
    if headers["X-Cache-Status"] != "HIT":
        sys.exit(f"the last answer did not come from the front cache: {dict(headers)}")
    mean_static, mean_cached = sum(static) / len(static), sum(cached) / len(cached)
    ratio = mean_cached / mean_static
    print(f"  static file {mean_static:9.0f} requests/s  ({', '.join(f'{r:.0f}' for r in static)})")
    print(f"  cached page {mean_cached:9.0f} requests/s  ({', '.join(f'{r:.0f}' for r in cached)})")
    print(f"  ratio       {ratio:.2f} (target at least {TARGET})")
    if ratio < TARGET:
        sys.exit(1)


if __name__ == "__main__":
    main()
