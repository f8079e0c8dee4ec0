"""Deadline rush: many candidates submitting their application with a CV in the last minutes.

Run from the repository root::

    python benchmarks/deadline_rush.py [--clients 200] [--applications 1000] [--ramp S]
                                       [--baseline DIR]

It builds a dedicated PostgreSQL database (``cohorte_bench_rush`` on 127.0.0.1, dropped at
the end; or ``DATABASE_URL`` when set, on this machine only: that database is flushed),
opens a call for applications that closes a few minutes later, signs in one verified
candidate per application (sessions written server-side, so no password hashing is
measured), then starts gunicorn on the loopback with production settings and lets
``--clients`` concurrent clients share the submissions: each one loads the form (which
creates the draft) and posts the whole form at once with a small PDF CV and the "submit"
button. One submission in twenty is posted twice at the same instant, as from two tabs,
and one in twenty is a double click on "submit" after the draft was saved: each time the
second request must be refused as stale. Once the load is over, the database is checked
(every accepted submission stored once, with one version and the CV sent, nothing lost
nor duplicated) and a submission one second after the closing time is attempted.
Figures are printed; nothing is asserted as a timed test.

After the load, the CPU it used is split (Linux /proc; said so when unreadable): the CPU
seconds (user + system) of the gunicorn workers (the master's children, those that ended
included), of the PostgreSQL server (the postmaster and all its processes, the backends that
ended included: the whole server, so other clients of it on this machine count too), of the
load generator (this process) and of the rest of the machine's busy time, plus its idle
time; each also in ms per accepted submission.

``--baseline DIR`` (a checkout of an earlier commit) runs the rush twice with the same
arguments, candidates and PDF CVs: first with the code of ``DIR`` (gunicorn, the manage
commands and the set-up and check steps run there: working directory and ``PYTHONPATH``),
on a database of its own (the benchmark's name, or ``DATABASE_URL``'s, suffixed with
``_baseline``: made for the run, dropped after), then with this checkout's code; the
clients are this checkout's in both. A comparison follows each run's figures: accepted
submissions per second, p50 and p95 of the submission and of the form, each baseline ->
current with the ratio, whether each met p95 < 500 ms, and the CPU per submission. The
set-up and checks are this checkout's: the baseline must hold the models they fill.
"""

import argparse
import hashlib
import os
import queue
import resource
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import proc_cpu
from rush_world import (
    ROOT,
    SLUG,
    Client,
    alert,
    database,
    environment,
    form_fields,
    free_port,
    gunicorn,
    hidden,
    manage,
    multipart,
    open_form,
    p95,
    paris,
    quantiles,
    run_worker,
    small_pdf,
    worker,
)

BENCH_DATABASE = "cohorte_bench_rush"
TARGET_P95 = 0.5
DUPLICATE_EVERY = 20  # one submission in twenty is posted twice at once, in each of two ways
STALE_WORDS = "modifiée ailleurs"


class Results:
    """What the clients saw, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.get_times: list[float] = []
        self.post_times: list[float] = []
        self.get_status: Counter = Counter()
        self.post_status: Counter = Counter()
        self.sent: dict[int, dict] = {}
        self.double: list[tuple] = []  # (kind, user, [(status, message)...]) of double submits
        self.save_times: list[float] = []
        self.save_status: Counter = Counter()
        self.errors: Counter = Counter()
        self.ended = 0.0
        self.client_cpu = 0.0
        self.start_lag = 0.0  # the most a submission started after its due time (--ramp)


def kind_of(number: int) -> str:
    """How submission ``number`` is sent: once, or twice at once in one of two ways."""
    if number % DUPLICATE_EVERY == DUPLICATE_EVERY - 1:
        return "tabs"  # two tabs holding the edited form post it at the same instant
    if number % DUPLICATE_EVERY == DUPLICATE_EVERY // 2 - 1:
        return "saved"  # draft saved first, then a double click on "Déposer", nothing changed
    return "once"


def submission(
    port: int,
    world: dict,
    number: int,
    user_id: int,
    session_key: str,
    pdf: bytes,
    kind: str,
    results: Results,
    timeout: float,
) -> None:
    """Load the form (creating the draft), then submit it once (or twice at once)."""
    client = Client(port, session_key, timeout)
    path = f"/appels/{SLUG}/candidature/"
    files = [("cv", f"cv-{number}.pdf", pdf), ("portfolio", "", b"")]

    def load_form() -> str:
        try:
            status, html, elapsed = open_form(client, path)
        except OSError as error:
            with results.lock:
                results.get_status[type(error).__name__] += 1
                results.ended = time.perf_counter()
            return ""
        with results.lock:
            results.get_times.append(elapsed)
            results.get_status[status] += 1
        if status != 200 or not hidden(html, "revision"):
            with results.lock:
                results.errors[f"GET {status} without a form"] += 1
            return ""
        return html

    html = load_form()
    if html and kind == "saved":
        fields = [(k, "save" if k == "action" else v) for k, v in form_fields(world, number, html)]
        body, content_type = multipart(fields, files)
        status, location, _, elapsed = client.request("POST", path, body, content_type)
        with results.lock:
            results.save_times.append(elapsed)
            results.save_status[status] += 1
        html = load_form() if status == 302 else ""
    if not html:
        return
    body, content_type = multipart(form_fields(world, number, html), files)
    record = {"sha256": hashlib.sha256(pdf).hexdigest(), "accepted": 0, "answers": []}
    gate = threading.Barrier(2, timeout=30) if kind != "once" else None

    def post():
        if gate is not None:
            gate.wait()  # both requests leave at the same instant
        try:
            status, location, content, elapsed = client.request("POST", path, body, content_type)
        except OSError as error:
            with results.lock:
                results.post_status[type(error).__name__] += 1
                record["answers"].append((type(error).__name__, ""))
                results.ended = time.perf_counter()
            return
        accepted = status in (302, 303) and location.endswith("/recepisse/")
        with results.lock:
            results.post_times.append(elapsed)
            results.post_status[status] += 1
            record["accepted"] += accepted
            record["answers"].append((status, "" if accepted else alert(content)))
            results.ended = time.perf_counter()

    if gate is not None:
        other = threading.Thread(target=post)
        other.start()
        post()
        other.join(timeout + 5)
    else:
        post()
    with results.lock:
        results.sent[user_id] = record
        if gate is not None:
            results.double.append((kind, user_id, record["answers"]))


def run_load(
    port: int, world: dict, pdfs: list[bytes], clients: int, timeout: float, ramp: float
) -> Results:
    """``clients`` threads released together, sharing the submissions until none is left.

    With ``ramp`` > 0, submission n does not start before n * ramp / len(pdfs) seconds: the
    arrivals are spread evenly over the ramp instead of all being there at the start.
    """
    jobs: queue.Queue = queue.Queue()
    for number, (user_id, key) in enumerate(world["candidates"][: len(pdfs)]):
        jobs.put((number, user_id, key, kind_of(number)))
    results = Results()
    start = threading.Barrier(clients + 1, timeout=120)

    def client_loop():
        start.wait()
        began = time.perf_counter()
        while True:
            try:
                number, user_id, key, kind = jobs.get_nowait()
            except queue.Empty:
                return
            due = began + number * ramp / len(pdfs)
            late = time.perf_counter() - due
            if late < 0:
                time.sleep(-late)
            with results.lock:
                results.start_lag = max(results.start_lag, late)
            submission(port, world, number, user_id, key, pdfs[number], kind, results, timeout)

    threads = [threading.Thread(target=client_loop, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    # A safety net only: every request has its own timeout.
    deadline = began + ramp + 4 * timeout * (len(pdfs) // clients + 2)
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.perf_counter()))
    if any(thread.is_alive() for thread in threads):
        results.errors["clients still running at the deadline"] += 1
    results.ended = max(results.ended, began) - began
    after = resource.getrusage(resource.RUSAGE_SELF)
    results.client_cpu = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    return results


# --- Orchestration -------------------------------------------------------------------------


def late_attempts(
    port: int, world: dict, timeout: float, env: dict, var_dir: Path, root: Path
) -> dict:
    """A draft opened before the closing time, then submitted one second after it."""
    late_user, late_key = world["candidates"][-1]
    resubmitter, resubmit_key = world["candidates"][0]
    path = f"/appels/{SLUG}/candidature/"
    attempts = {}
    pages = {}
    for name, key in (("late", late_key), ("again", resubmit_key)):
        client = Client(port, key, timeout)
        status, html, _ = open_form(client, path)
        pages[name] = (client, html, status)
    closed = run_worker(env, "close", {}, var_dir, root=root)
    for name, (client, html, status) in pages.items():
        if status != 200:
            attempts[name] = (status, "the form did not load")
            continue
        number = len(world["candidates"]) - 1 if name == "late" else 0
        body, content_type = multipart(
            form_fields(world, number, html), [("cv", "cv.pdf", small_pdf(number))]
        )
        status, _, content, _ = client.request("POST", path, body, content_type)
        attempts[name] = (status, alert(content))
    return {
        "closed_at": closed["closes_at"],
        "attempts": attempts,
        "users": {"late": late_user, "again": resubmitter},
    }


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument(
        "--closes-in", type=float, help="minutes until the closing (default: 5 + the ramp)"
    )
    parser.add_argument("--timeout", type=float, default=120, help="seconds for one request")
    parser.add_argument(
        "--ramp",
        type=float,
        default=0,
        help="spread the submissions' starts evenly over this many seconds (0: all at once)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="a checkout of an earlier commit: the rush runs with its code first (a database "
        "of its own), then with this one's, and the figures are compared",
    )
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "SPEC"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.baseline is not None:
        args.baseline = args.baseline.resolve()
        if not (args.baseline / "manage.py").is_file():
            parser.error(f"--baseline {args.baseline}: no manage.py there (not a checkout)")
    return args


def main() -> None:
    args = arguments()
    if args.worker:
        worker(*args.worker)
        return

    bases = [("baseline", args.baseline)] if args.baseline else []
    bases.append(("current", ROOT))
    pdfs = [small_pdf(n) for n in range(args.applications)]  # the same CVs for each code base
    figures = {}
    var_dir = Path(tempfile.mkdtemp(prefix="cohorte-rush-"))
    try:
        for label, root in bases:
            run_dir = var_dir / label
            run_dir.mkdir()
            if figures:
                print()  # between the baseline's figures and the current ones
            suffix = "" if label == "current" else label  # the current run's database as today
            with database(BENCH_DATABASE, suffix) as (url, words):
                env = environment(os.environ, url, run_dir, PYTHONPATH=str(root))
                title = f", {label} ({root}, {revision(root)})" if args.baseline else ""
                figures[label] = run(args, env, words, run_dir, root, pdfs, title, url)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    if args.baseline:
        compare(args, bases, figures)


def revision(root: Path) -> str:
    """The commit checked out at ``root`` ("-dirty" with uncommitted changes), if known."""
    result = subprocess.run(
        ["git", "-C", str(root), "describe", "--always", "--dirty"],
        capture_output=True, text=True,
    )  # fmt: skip
    return result.stdout.strip() or "commit unknown"


def database_server(url: str) -> int:
    """The pid of the PostgreSQL server holding ``url`` (the postmaster: the parent of the
    backend serving a connection)."""
    import psycopg

    with psycopg.connect(url) as connection:
        backend = connection.execute("SELECT pg_backend_pid()").fetchone()[0]
    return proc_cpu.stat(backend)["ppid"]


def measured(load, web_master: int, url: str) -> tuple[Results, dict | str]:
    """Run ``load``: its results, and the CPU split of its time (or why there is none)."""
    try:
        servers = (web_master, database_server(url))
        before = proc_cpu.snapshot(*servers)
    except OSError as error:
        return load(), f"/proc not readable here ({error})"
    results = load()
    try:
        return results, proc_cpu.split(before, proc_cpu.snapshot(*servers))
    except OSError as error:
        return results, f"/proc not readable here after the load ({error})"


def run(
    args,
    env: dict,
    label: str,
    var_dir: Path,
    root: Path,
    pdfs: list[bytes],
    title: str,
    url: str,
) -> dict:
    """One rush with the code base at ``root``; its figures printed, and returned for the
    comparison."""
    prepared = time.perf_counter()
    if os.environ.get("DATABASE_URL") and url == os.environ["DATABASE_URL"]:
        manage(env, "flush", "--noinput", root=root)
    manage(env, "migrate", "--noinput", root=root)
    manage(env, "createcachetable", root=root)
    manage(env, "collectstatic", "--noinput", root=root)
    world = run_worker(
        env,
        "setup",
        {
            "candidates": args.applications + 1,
            "closes_in": args.closes_in or 5 + args.ramp / 60,
        },
        var_dir,
        root=root,
    )
    kinds = Counter(kind_of(n) for n in range(args.applications))
    print(
        f"== Deadline rush{title}: {args.applications} applications with a PDF CV "
        f"({len(pdfs[0]) / 1024:.1f} kB), {args.clients} concurrent clients"
    )
    print(f"  database    PostgreSQL, {label}; CONN_MAX_AGE 60")
    print(
        f"  server      gunicorn {args.workers} workers x {args.threads} threads (gthread), "
        f"DEBUG=0; {os.cpu_count()} CPU cores shared with PostgreSQL and the clients"
    )
    print(f"  call        /appels/{SLUG}/ closes at {paris(world['closes_at'])}")
    if args.ramp:
        rate = args.applications / args.ramp
        print(f"  arrivals    spread over {args.ramp:.0f} s ({rate:.1f} submissions/s)")
    else:
        print(f"  arrivals    all {args.clients} clients start together (barrier), no pause")
    print(
        f"  doubles     {kinds['tabs']} submissions posted twice at the same instant from two "
        f'tabs holding the edited form; {kinds["saved"]} double clicks on "Déposer" after '
        "the draft was saved (nothing changed since)"
    )
    print(
        f"  prepared in {time.perf_counter() - prepared:.0f} s (migrations, static files, "
        f"{args.applications + 1} candidates with a session)"
    )

    port = free_port()
    log = var_dir / "gunicorn.log"
    with gunicorn(env, port, args.workers, args.threads, log, root) as server:
        results, cpu = measured(
            lambda: run_load(port, world, pdfs, args.clients, args.timeout, args.ramp),
            server.pid,
            url,
        )
        late = late_attempts(port, world, args.timeout, env, var_dir, root)

    sent = {str(k): v for k, v in results.sent.items()}
    checks = run_worker(env, "verify", {"sent": sent, "late": late["users"]}, var_dir, root=root)
    accepted = sum(r["accepted"] for r in results.sent.values())
    total = results.ended
    print(f"\n== Load ({total:.1f} s from the start signal to the last answer)")
    print(f"  GET form    {quantiles(results.get_times)}")
    print(f"  POST submit {quantiles(results.post_times)}")
    print(f"  POST save   {quantiles(results.save_times)}  (drafts saved before a double click)")
    print(
        f"  status      GET {dict(sorted(results.get_status.items(), key=str))}   "
        f"POST submit {dict(sorted(results.post_status.items(), key=str))}   "
        f"POST save {dict(sorted(results.save_status.items(), key=str))}"
    )
    if results.errors:
        print(f"  errors      {dict(results.errors)}")
    server_errors = [
        line
        for line in log.read_text(errors="replace").splitlines()
        if " ERROR " in line or "Traceback" in line
    ]
    if server_errors:
        print(f"  server log  {len(server_errors)} errors, the first: {server_errors[0][:300]}")
        tail = log.read_text(errors="replace").split("Traceback", 2)
        print("Traceback" + tail[1][-3000:] if len(tail) > 1 else "")
    requests = len(results.get_times) + len(results.post_times) + len(results.save_times)
    print(
        f"  throughput  {accepted / total:.1f} submissions/s accepted, "
        f"{requests / total:.1f} requests/s"
    )
    if args.ramp:
        print(f"  start lag   {results.start_lag * 1000:.0f} ms at most behind the schedule")
    print(
        f"  client CPU  {results.client_cpu:.1f} s of the {total * (os.cpu_count() or 1):.0f} "
        "core-seconds of the run went to the load generator itself"
    )
    post_p95 = p95(results.post_times)
    verdict = "yes" if post_p95 < TARGET_P95 else "NO"
    print(f"  p95 POST < 500 ms: {verdict} ({post_p95 * 1000:.0f} ms)")
    if post_p95 >= TARGET_P95 and not args.ramp and requests:
        rate = requests / total
        print(
            f"  note        {args.clients} clients always waiting, served at {rate:.0f} "
            f"requests/s, wait {args.clients / rate:.1f} s on average (Little's law): under "
            f"0.5 s at this concurrency takes about {args.clients / TARGET_P95:.0f} requests/s; "
            "see --ramp for arrivals spread over the last minutes"
        )

    print_cpu(cpu, accepted)

    print("\n== Checks from the database")
    print(
        f"  applications {checks['applications']} (submitted {checks['submitted']}, drafts "
        f"{checks['drafts']}); submissions answered by the receipt redirect {accepted} / "
        f"{args.applications}; stored as submitted without the client being told so "
        f"{checks['unacknowledged']}; candidates with several applications "
        f"{checks['candidates_with_several']}"
    )
    print(
        f"  versions     {checks['versions']} (applications with a number of versions other "
        f"than 1: {checks['versions_not_1']}); current CVs {checks['current_cvs']} (files "
        f"stored {checks['files']}), each checked against the sha256 sent and the stored "
        "bytes"
    )
    print(
        f"  audit        {checks['submitted_audit_entries']} 'application.submitted' entries; "
        f"{checks['receipts_queued']} receipt e-mails queued"
    )
    for kind, title in (("tabs", "two tabs"), ("saved", "double click")):
        outcomes = Counter()
        for _, _, answers in (d for d in results.double if d[0] == kind):
            codes = sorted(str(code) for code, _ in answers)
            stale = any(STALE_WORDS in message for _, message in answers)
            outcomes[f"{'+'.join(codes)}{' (stale revision)' if stale else ''}"] += 1
        print(f"  {title:<12} {dict(outcomes)}")
    sample = next((m for _, _, answers in results.double for _, m in answers if m), "")
    if sample:
        print(f"               refusal shown: « {sample} »")
    for problem in checks["problems"]:
        print(f"  problem      {problem}")
    print(f"  lost: {len(checks['lost'])}, duplicated: {len(checks['duplicated'])}")

    print("\n== After the deadline (closing moved to " + paris(late["closed_at"]) + ")")
    for name, title in (("late", "draft submitted 1 s late"), ("again", "re-submission 1 s late")):
        status, message = late["attempts"][name]
        state = checks["late"][name]
        print(f"  {title:<26} HTTP {status}: « {message} »")
        print(
            f"  {'':<26} in the database: {state['status']}, {state['versions']} version(s), "
            f"{state['files']} file(s)"
        )
    return {
        "rate": accepted / total if total else 0.0,
        "post": (median(results.post_times), post_p95),
        "get": (median(results.get_times), p95(results.get_times)),
        "cpu": {k: v / accepted for k, v in cpu.items()}
        if isinstance(cpu, dict) and accepted
        else None,  # seconds per accepted submission
        "lost": len(checks["lost"]) + len(checks["duplicated"]),
    }


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("inf")


CPU_PARTS = (
    ("web", "gunicorn workers", "the master's children"),
    ("database", "PostgreSQL", "the whole server: its other clients count too"),
    ("client", "load generator", "this process: the clients' threads"),
    ("other", "other", "the machine's busy time not above: other programs, the kernel"),
    ("idle", "idle", ""),
)


def print_cpu(cpu: dict | str, accepted: int) -> None:
    """The CPU the load used, split between the server, the database and the clients."""
    if isinstance(cpu, str):
        print(f"\n== CPU during the load: not measured, {cpu}")
        return
    cores = os.cpu_count() or 1
    print(
        f"\n== CPU during the load ({cpu['wall']:.1f} s x {cores} cores = "
        f"{cpu['wall'] * cores:.0f} core-seconds; user + system, from /proc)"
    )
    for key, title, what in CPU_PARTS:
        per = f"{cpu[key] * 1000 / accepted:6.1f} ms" if accepted else "     - ms"
        note = f"  ({what})" if what else ""
        print(f"  {title:<16} {cpu[key]:6.1f} s  {per} per accepted submission{note}")


def compare(args, bases: list[tuple[str, Path]], figures: dict) -> None:
    """Each figure baseline -> current, with how many times better the current is."""
    before, after = figures["baseline"], figures["current"]
    arrivals = f"ramp {args.ramp:.0f} s" if args.ramp else "all at once"
    print(
        f"\n== Baseline -> current ({args.applications} applications, {args.clients} clients, "
        f"{arrivals}; ratio: how many times better the current is)"
    )
    for label, root in bases:
        print(f"  {label:<26} {root} ({revision(root)})")

    def line(title: str, old: float, new: float, unit: str, scale: float, higher: bool):
        ratio = (new / old if higher else old / new) if old and new else float("nan")
        print(f"  {title:<26} {old * scale:8.1f} -> {new * scale:8.1f} {unit:<4}  x{ratio:.2f}")

    line("accepted submissions/s", before["rate"], after["rate"], "/s", 1, True)
    for key, title in (("post", "POST submit"), ("get", "GET form")):
        for index, quantile in enumerate(("p50", "p95")):
            old, new = before[key][index], after[key][index]
            line(f"{title} {quantile}", old, new, "ms", 1000, False)
    for key, title in (("web", "gunicorn"), ("database", "PostgreSQL"), ("client", "clients")):
        if before["cpu"] and after["cpu"]:
            old, new = before["cpu"][key], after["cpu"][key]
            line(f"CPU/submission {title}", old, new, "ms", 1000, False)
    if not (before["cpu"] and after["cpu"]):
        print("  CPU per submission         not measured (see each run's CPU split)")
    met = ["yes" if figure["post"][1] < TARGET_P95 else "NO" for figure in (before, after)]
    print(f"  {'p95 POST < 500 ms':<26} {met[0]:>8} -> {met[1]:>8}")
    if before["lost"] or after["lost"]:
        print(f"  lost or duplicated         {before['lost']:8} -> {after['lost']:8}")


if __name__ == "__main__":
    main()
