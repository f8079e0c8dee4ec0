"""CPU per request on the candidate's paths: the four requests of a new candidate's application.

Run from the repository root::

    python benchmarks/candidate_cpu.py [--rounds 200] [--baseline DIR] [--profile DIR]

Each code base measured (this one, and ``--baseline``'s checkout of an earlier commit when
given, in the same run) runs in its own process with production settings (DEBUG=0, cached
templates), and both are timed in turns, ``--chunk`` candidates at a time, so that they meet
the same load of a shared machine: the deadline rush's call and signed-in candidates are
set up (each code base in its own database: ``DATABASE_URL``'s name suffixed for the
baseline), then each candidate goes the deadline rush's way, straight through Django's WSGI
handler, no HTTP nor client in between: the call's page with "Commencer ma candidature"
(GET start), that button (POST start, which creates the draft), the form (GET form), and
the whole form posted with a PDF CV and the "submit" button (POST submit). The
process CPU time (user + system, ``time.process_time``) of each request is summed, warm-up
excluded; queries are counted. ``--profile DIR`` adds a pyinstrument pass per code base and
writes its text and HTML profiles there. Database: SQLite in a temporary folder, or
``DATABASE_URL`` (PostgreSQL on this machine; that database is flushed). Figures are
printed with the ratio to the baseline; nothing is asserted.
"""

# ruff: noqa: T201 - a command-line tool prints.
import argparse
import functools
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WARM_UP = 20
PROFILED = 20  # candidates of the profiled pass
PATH = "/appels/{slug}/candidature/"
FORM_ENCODED = "application/x-www-form-urlencoded"
# A new candidate's four requests, in order: the page with "Commencer ma candidature", that
# button (which creates the draft), the form, and its submission with "Déposer".
KINDS = (
    ("start_get", "GET start"),
    ("start_post", "POST start"),
    ("get", "GET form"),
    ("post", "POST submit"),
)


def measure(rounds: int, profile_dir: str) -> dict:
    """In a process of the code base to measure: set up, say "ready", then time GET and POST
    of as many candidates as each line read from stdin asks; the figures in JSON at the end."""
    import django

    django.setup()
    import rush_world as rush
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "--noinput", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    profiled = PROFILED if profile_dir else 0
    world = rush.setup_world({"candidates": WARM_UP + rounds + profiled, "closes_in": 60})
    handler = WSGIHandler()
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    def request(cookies: dict, method: str, body: bytes = b"", content_type: str = ""):
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": PATH.format(slug=rush.SLUG),
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "443",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "HTTP_ACCEPT_LANGUAGE": "fr",
            # What gunicorn builds behind the front server that terminates TLS.
            "wsgi.url_scheme": "https",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }
        if method == "POST":
            environ.update(
                CONTENT_TYPE=content_type,
                CONTENT_LENGTH=str(len(body)),
                HTTP_ORIGIN="https://127.0.0.1",
                HTTP_REFERER="https://127.0.0.1" + environ["PATH_INFO"],
            )
        before_queries = queries[0]
        started = time.process_time()
        with connection.execute_wrapper(count):
            response = handler(environ, lambda status, headers: None)
            content = b"".join(response)
            response.close()
        cpu = time.process_time() - started
        for name, morsel in response.cookies.items():
            cookies[name] = morsel.value
        return response, content, cpu, queries[0] - before_queries

    def timed_request(cookies, figures, profiling, kind, method, body=b"", content_type=""):
        """One request of the flow, its CPU and queries kept in ``figures[kind]``."""
        if profiling:
            profilers[kind].start()
        response, content, cpu, made = request(cookies, method, body, content_type)
        if profiling:
            profilers[kind].stop()
        figures[kind] = (cpu, made)
        return response, content.decode(errors="replace")

    series = {kind: [] for name, _ in KINDS for kind in (name, f"{name}_queries")}
    profilers = {}
    if profile_dir:
        from pyinstrument import Profiler

        profilers = {name: Profiler(interval=0.0005) for name, _ in KINDS}
    print("ready", flush=True)
    budget = 0
    for number, (_, session_key) in enumerate(world["candidates"]):
        while number >= WARM_UP and not budget:
            print("done", flush=True)
            budget = int(sys.stdin.readline())
        budget -= number >= WARM_UP
        counted = WARM_UP <= number < WARM_UP + rounds
        profiling = number >= WARM_UP + rounds
        cookies = {"sessionid": session_key}
        figures = {}
        timed = functools.partial(timed_request, cookies, figures, profiling)
        response, html = timed("start_get", "GET")
        if response.status_code != 200 or 'value="start"' not in html:
            raise RuntimeError(f"GET answered {response.status_code} without the start button")
        body = f"csrfmiddlewaretoken={rush.hidden(html, 'csrfmiddlewaretoken')}&action=start"
        response, _ = timed("start_post", "POST", body.encode(), FORM_ENCODED)
        if response.status_code != 302:
            raise RuntimeError(f"POST start answered {response.status_code}")
        response, html = timed("get", "GET")
        if response.status_code != 200 or not rush.hidden(html, "revision"):
            raise RuntimeError(f"GET answered {response.status_code} without the form")
        pdf = rush.small_pdf(number)
        body, content_type = rush.multipart(
            rush.form_fields(world, number, html),
            [("cv", f"cv-{number}.pdf", pdf), ("portfolio", "", b"")],
        )
        response, html = timed("post", "POST", body, content_type)
        if response.status_code != 302 or not response["Location"].endswith("/recepisse/"):
            raise RuntimeError(
                f"POST answered {response.status_code}: {rush.alert(html.encode()) or html[:300]}"
            )
        if counted:
            for kind, (cpu, made) in figures.items():
                series[kind].append(cpu)
                series[f"{kind}_queries"].append(made)
    print("done", flush=True)
    for name, profiler in profilers.items():
        folder = Path(profile_dir)
        folder.mkdir(parents=True, exist_ok=True)
        session = profiler.last_session
        (folder / f"{name}.txt").write_text(
            profiler.output_text(unicode=True, color=False, show_all=False)
        )
        (folder / f"{name}.html").write_text(profiler.output_html())
        del session
    return series


def start_code_base(root: Path, label: str, args, var_dir: Path) -> subprocess.Popen:
    """The measuring process of the code base at ``root``, once set up."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cohorte.settings",
        PYTHONPATH=os.pathsep.join([str(root), str(HERE)]),
        COHORTE_VAR_DIR=str(var_dir / label),
        DEBUG="0",
        SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        SITE_URL="https://127.0.0.1",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="ERROR",
    )
    if os.environ.get("DATABASE_URL"):
        # One database per code base: both are set up, then measured in turns. A new
        # database is migrated before its flush, which needs the tables.
        env["DATABASE_URL"] = own_database(os.environ["DATABASE_URL"], label)
        for step in (["migrate", "--noinput"], ["flush", "--noinput"]):
            subprocess.run(
                [sys.executable, "manage.py", *step],
                cwd=root, env=env, check=True, capture_output=True,
            )  # fmt: skip
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", str(args.rounds)]
    if args.profile:
        command += ["--profile", str(Path(args.profile).resolve() / label)]
    process = subprocess.Popen(
        command, cwd=root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=(var_dir / f"{label}.log").open("w"), text=True,
    )  # fmt: skip
    process.label = label
    return process


def own_database(url: str, label: str) -> str:
    """``url``'s database for ``label``: the given one (created when missing), or for the
    baseline that name suffixed, made afresh: a schema left by another code base's run
    would not be the baseline's."""
    import psycopg

    base, name = url.rsplit("/", 1)
    if label != "current":
        name = f"{name}_{label}"
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        if label != "current":
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def expect(process, word: str, var_dir: Path) -> str:
    line = process.stdout.readline().strip()
    if not line.startswith(word):
        process.wait()
        log = (var_dir / f"{process.label}.log").read_text()
        sys.exit(f"{process.label} failed:\n{log[-4000:]}")
    return line


def run_in_turns(processes: list, rounds: int, chunk: int, profiled: bool, var_dir: Path) -> dict:
    """Time the code bases alternately, ``chunk`` candidates at a time, so that both meet
    the same load of a shared machine; each one's figures."""
    for process in processes:
        expect(process, "ready", var_dir)
    for process in processes:
        expect(process, "done", var_dir)  # warmed up
    left = rounds
    while left > 0:
        step = min(chunk, left)
        for process in processes:
            process.stdin.write(f"{step}\n")
            process.stdin.flush()
            expect(process, "done", var_dir)
        left -= step
    figures = {}
    for process in processes:
        if profiled:  # the profiled pass, after the timed one
            process.stdin.write(f"{PROFILED}\n")
            process.stdin.flush()
    for process in processes:
        # Read through the same buffered stream as ``expect``: the figures may already sit in
        # its buffer, which ``communicate`` (reading the pipe itself) would never see.
        process.stdin.close()
        out = process.stdout.read()
        process.wait()
        if process.returncode or not out.strip():
            log = (var_dir / f"{process.label}.log").read_text()
            sys.exit(f"{process.label} failed:\n{log[-4000:]}")
        figures[process.label] = json.loads(out.strip().splitlines()[-1])
    return figures


def describe(series: list[float]) -> str:
    ms = [value * 1000 for value in series]
    return (
        f"mean {statistics.fmean(ms):6.2f} ms   median {statistics.median(ms):6.2f} ms   "
        f"p90 {statistics.quantiles(ms, n=10)[8]:6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="requests of each kind timed")
    parser.add_argument("--baseline", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--chunk", type=int, default=10, help="candidates per turn")
    parser.add_argument("--profile", help="write pyinstrument profiles (text, HTML) here")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.profile or "")))
        return
    given = os.environ.get("DATABASE_URL", "")
    if given and urlsplit(given).hostname not in {"127.0.0.1", "localhost"}:
        sys.exit("DATABASE_URL must be a database on this machine (it is flushed).")
    bases = [("baseline", args.baseline.resolve())] if args.baseline else []
    bases.append(("current", ROOT))
    var_dir = Path(tempfile.mkdtemp(prefix="cohorte-cpu-"))
    print(f"== CPU per request on the candidate's paths ({args.rounds} of each, DEBUG=0)")
    print(f"  database    {urlsplit(given).path.lstrip('/') + ' (flushed)' if given else 'SQLite'}")
    print(f"  load        {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores at the start")
    try:
        processes = [start_code_base(root, label, args, var_dir) for label, root in bases]
        figures = run_in_turns(processes, args.rounds, args.chunk, bool(args.profile), var_dir)
        for label, root in bases:
            series = figures[label]
            print(f"\n  {label} ({root})")
            for kind, title in KINDS:
                queries = statistics.fmean(series[f"{kind}_queries"])
                print(f"    {title:<12} {describe(series[kind])}   {queries:.1f} queries")
            whole = [sum(series[kind][i] for kind, _ in KINDS) for i in range(args.rounds)]
            print(f"    {'whole flow':<12} {describe(whole)}")
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    if "baseline" in figures:
        print("\n  ratio baseline / current (mean CPU per request)")
        for kind, title in (*KINDS, ("whole", "whole flow")):
            kinds = [name for name, _ in KINDS] if kind == "whole" else [kind]
            before = sum(statistics.fmean(figures["baseline"][name]) for name in kinds)
            after = sum(statistics.fmean(figures["current"][name]) for name in kinds)
            print(f"    {title:<12} {before / after:5.2f}x  ({before * 1000:.1f} -> "
                  f"{after * 1000:.1f} ms)")  # fmt: skip
    if args.profile:
        print(f"\n  profiles in {Path(args.profile).resolve()}/<code base>/<request>.(txt|html)")


if __name__ == "__main__":
    main()
