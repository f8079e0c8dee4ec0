"""Failure rush: the deadline rush while parts of production fail; nothing may be lost.

Run from the repository root (as root or as a user that may run PostgreSQL's tools)::

    python benchmarks/failure_rush.py [--clients 20] [--applications 200]

It starts everything it needs and stops it at the end (on error and Ctrl-C too):

- its own PostgreSQL 15 (Debian's ``initdb`` and ``pg_ctl``, run as the ``postgres`` user, in
  a temporary folder, on a free port with its socket in that folder: the machine's server is
  never touched);
- an SMTP server (aiosmtpd, in this process) that counts what it receives by recipient and
  Message-ID, which Cohorte's outbox delivers to;
- two gunicorn instances of Cohorte (production settings, one port each), two task workers
  (``manage.py task_worker``) and cron's part (``manage.py run_periodic`` every 10 s).

``--clients`` candidates at a time submit ``--applications`` applications with a PDF CV,
spread over both web servers; a client whose server does not answer turns to the other one.
A client that gets an error does what the page tells it: on "réessayez" it waits and tries
again; when the answer was lost on the way (a connection cut), it first looks at its receipt
page, as a candidate checks "Ma candidature", and submits again only if nothing was recorded.
Once a fifth of the submissions are answered, one web server (master and worker) and one
task worker are killed with SIGKILL and restarted 2 s later; at half, PostgreSQL is restarted
(``pg_ctl restart -m immediate``: every connection cut, crash recovery on start).

Then it checks: each submission answered "déposée" is in the database once, with its CV
(sha256 of the stored file against what was sent); no application is half-saved; every
error a client got carried the "réessayez" message; each receipt e-mail reached the SMTP
server exactly once (by Message-ID and by recipient); the outbox drains by itself. The
figures are printed; the exit status is 1 when an invariant fails.

The SMTP server takes 0.15 s to accept each recipient, and the worker is killed while the
server checks the recipient of an e-mail it sends (the report says which): that message's
claim expires after OUTBOX_CLAIM_SECONDS (15 s here) and the ``outbox_recovery`` job, run
each minute from cron's part, sends it again, under the same Message-ID. A worker killed in
the few milliseconds between the server's acceptance and the worker's record of it would
make the server receive that e-mail twice under one Message-ID (SMTP's own limit, RFC 1047,
which the stable Message-ID lets mail systems merge): the run does not aim at that instant.

A run takes four to six minutes with the defaults on a 2-core machine (two to four of them to
migrate, collect the static files and create the candidates): too long for
``benchmarks/run.py``, which it is not part of.
"""

import argparse
import asyncio
import contextlib
import email
import hashlib
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from email.header import decode_header, make_header
from pathlib import Path

from rush_world import (
    ROOT,
    SLUG,
    Client,
    alert,
    environment,
    form_fields,
    free_port,
    hidden,
    manage,
    multipart,
    open_form,
    quantiles,
    run_periodic_until,
    run_worker,
    small_pdf,
    start_gunicorn,
    stop,
    worker,
)

PG_BIN = Path("/usr/lib/postgresql/15/bin")
TRY_AGAIN = "réessayez"
RECEIPT_SUBJECT = "Candidature reçue"
CLAIM_SECONDS = 15
CRON_SECONDS = 10
SMTP_RCPT_SECONDS = 0.15
PATIENCE = 300  # seconds a candidate keeps trying before giving up
DRAIN_LIMIT = 400  # seconds the outbox may take to drain after the load


# --- Steps run in a Django process -------------------------------------------------------


def outbox_state(spec: dict) -> dict:
    """The receipts in the outbox and the applications' integrity, after the run."""
    from collections import Counter

    from cohorte.calls.models import Application, ApplicationFile, ApplicationVersion
    from cohorte.notifications.models import OutboxMessage

    receipts = [
        {"id": m.message_id, "to": m.to, "status": m.status, "attempts": m.attempts}
        for m in OutboxMessage.objects.filter(subject__startswith=RECEIPT_SUBJECT)
    ]
    versions = Counter(
        ApplicationVersion.objects.filter(application__call__slug=SLUG).values_list(
            "application_id", flat=True
        )
    )
    cvs = Counter(
        ApplicationFile.objects.filter(
            application__call__slug=SLUG, kind="cv", is_current=True
        ).values_list("application_id", flat=True)
    )
    half_saved = []
    for application in Application.objects.filter(call__slug=SLUG):
        submitted = application.status == Application.Status.SUBMITTED
        if submitted and (versions[application.pk] != 1 or cvs[application.pk] != 1):
            half_saved.append(application.pk)  # submitted without its version or its CV
        if not submitted and versions[application.pk]:
            half_saved.append(application.pk)  # a version of an application not submitted
    return {
        "receipts": receipts,
        "submitted_to": sorted(
            Application.objects.filter(call__slug=SLUG, status="submitted").values_list(
                "candidate__email", flat=True
            )
        ),
        "half_saved": half_saved,
    }


# --- What runs here: PostgreSQL, the SMTP server, Cohorte's processes ---------------------


def as_postgres(*command) -> list[str]:
    """``command`` as the postgres OS user (initdb refuses root)."""
    command = [str(part) for part in command]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgresql():
    """A PostgreSQL 15 cluster of this run: (database URL, restart function)."""
    folder = Path(tempfile.mkdtemp(prefix="cohorte-failure-pg-"))
    data, port = folder / "data", free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
    pg_ctl = [PG_BIN / "pg_ctl", "-D", data, "-l", folder / "server.log", "-w", "-t", "60"]
    started = False
    try:
        subprocess.run(
            as_postgres(PG_BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust",
                        "--no-sync", "-E", "UTF8", "--locale=C"),
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        subprocess.run(
            as_postgres(*pg_ctl, "-o", options, "start"), check=True, capture_output=True
        )
        started = True
        subprocess.run(
            [PG_BIN / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "rush"],
            check=True,
            capture_output=True,
        )

        def restart() -> float:
            began = time.monotonic()
            subprocess.run(
                as_postgres(*pg_ctl, "-m", "immediate", "restart"), check=True, capture_output=True
            )
            return time.monotonic() - began

        yield f"postgres://postgres@127.0.0.1:{port}/rush", restart, port
    finally:
        if started:
            subprocess.run(as_postgres(*pg_ctl, "-m", "immediate", "stop"), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


class Inbox:
    """The SMTP server's side: every message received, by Message-ID and recipients."""

    def __init__(self, rcpt_seconds: float = SMTP_RCPT_SECONDS):
        self.rcpt_seconds = rcpt_seconds
        self.lock = threading.Lock()
        self.received: list[tuple[str, tuple[str, ...], str]] = []
        self.checking: Counter = Counter()  # recipients being accepted right now

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        # A server that takes its time to accept a recipient (look-ups, greylisting): a worker
        # killed mid-way is then likely caught in an exchange, before anything was accepted.
        with self.lock:
            self.checking[address] += 1
        await asyncio.sleep(self.rcpt_seconds)
        with self.lock:
            self.checking[address] -= 1
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        subject = str(make_header(decode_header(message["Subject"] or "")))
        with self.lock:
            self.received.append((message["Message-ID"], tuple(envelope.rcpt_tos), subject))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(rcpt_seconds: float = SMTP_RCPT_SECONDS):
    """aiosmtpd on a free port of the loopback: (port, inbox)."""
    from aiosmtpd.controller import Controller

    inbox = Inbox(rcpt_seconds)
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, loop=asyncio.new_event_loop())
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


class Processes:
    """Cohorte's processes of this run, each in a session of its own, stopped at the end."""

    def __init__(self, env: dict, var_dir: Path):
        self.env, self.var_dir = env, var_dir
        self.web: dict[int, subprocess.Popen] = {}
        self.workers: list[subprocess.Popen] = []
        self.generation = 0
        self.worker_ids: list[str] = []
        self.stopping = threading.Event()
        self.cron = threading.Thread(
            target=run_periodic_until, args=(env, self.stopping, CRON_SECONDS), daemon=True
        )

    def start_web(self, port: int) -> None:
        self.web[port] = start_gunicorn(self.env, port, 1, 8, self.var_dir / f"web-{port}.log")

    def start_worker(self, index: int) -> None:
        log = (self.var_dir / f"worker-{index}.log").open("ab")
        self.generation += 1
        worker_id = f"rush-worker-{index}-{self.generation}"
        process = subprocess.Popen(
            [sys.executable, "manage.py", "task_worker", "--no-startup-delay", "--interval", "0.2",
             "--worker-id", worker_id],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        if index < len(self.workers):
            self.workers[index], self.worker_ids[index] = process, worker_id
        else:
            self.workers.append(process)
            self.worker_ids.append(worker_id)

    def kill_web(self, port: int) -> None:
        """SIGKILL the gunicorn master and its worker at once (its own process group)."""
        process = self.web[port]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def kill_worker(self, index: int) -> None:
        self.workers[index].send_signal(signal.SIGKILL)
        self.workers[index].wait(timeout=10)

    def stop_all(self) -> None:
        self.stopping.set()
        for process in [*self.web.values(), *self.workers]:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
                    os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.web.values(), *self.workers]:
            stop(process)


# --- The candidates ------------------------------------------------------------------------


class FailoverClient(Client):
    """A candidate's browser that turns to the other web server when one does not answer."""

    def __init__(self, ports: list[int], first: int, session_key: str, timeout: float):
        super().__init__(ports[first % len(ports)], session_key, timeout)
        self.ports = ports

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = ""):
        try:
            return super().request(method, path, body, content_type)
        except ConnectionRefusedError:  # nothing was sent: the other server gets it
            self.port = next(p for p in self.ports if p != self.port)
            # Behind one address in production: the origin the browser sends follows.
            self.origin = f"https://127.0.0.1:{self.port}"
            return super().request(method, path, body, content_type)


class Tally:
    """What the candidates saw, shared by their threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent: dict[int, dict] = {}
        self.seen: Counter = Counter()  # kinds of answers
        self.examples: dict[str, str] = {}  # the page title of a kind of refusal
        self.messages: Counter = Counter()  # the alert of each refusal
        self.raw_errors: list[str] = []
        self.post_times: list[float] = []
        self.accepted_at: list[float] = []  # monotonic times of the "déposée" answers

    def note(self, kind: str, message: str = "", example: bytes = b"") -> None:
        with self.lock:
            self.seen[kind] += 1
            if message:
                self.messages[message] += 1
            if kind.startswith("HTTP"):  # an error that did not say to try again
                self.raw_errors.append(f"{kind}: {message}")
            if example and kind not in self.examples:
                title = re.search(rb"<title>(.*?)</title>", example, re.S)
                self.examples[kind] = (
                    (title.group(1) if title else example[:200]).decode(errors="replace").strip()
                )


def answer_kind(status: int, content: bytes) -> tuple[str, str, bytes]:
    """(kind, message, page) of an answer that is not the receipt: told to try again, or not."""
    message = alert(content)
    if status == 503 and TRY_AGAIN in message:
        return "refused with « réessayez »", message, content
    return f"HTTP {status} without « réessayez »", message, content


def candidate(ports, world, number, user_id, key, pdf, tally: Tally, timeout: float) -> None:
    """Submit one application until it is recorded, as a person reading the pages would."""
    client = FailoverClient(ports, number, key, timeout)
    path = f"/appels/{SLUG}/candidature/"
    record = {"sha256": hashlib.sha256(pdf).hexdigest(), "accepted": 0, "answers": []}
    with tally.lock:
        tally.sent[user_id] = record
    files = [("cv", f"cv-{number}.pdf", pdf), ("portfolio", "", b"")]
    unsure = False  # an answer was lost: the submission may be recorded
    give_up = time.monotonic() + PATIENCE
    while time.monotonic() < give_up:
        try:
            if unsure:
                status, _, content, _ = client.request("GET", path + "recepisse/")
                if status == 200:
                    tally.note("recorded, seen on the receipt page after a lost answer")
                    with tally.lock:
                        record["accepted"] = 1
                        tally.accepted_at.append(time.monotonic())
                    return
                if status != 404:
                    tally.note(*answer_kind(status, content))
                    time.sleep(1)
                    continue
                unsure = False
            status, html, _ = open_form(client, path)
            if status != 200 or not hidden(html, "revision"):
                tally.note(*answer_kind(status, html.encode()))
                time.sleep(1)
                continue
            body, content_type = multipart(form_fields(world, number, html), files)
            unsure = True
            status, location, content, elapsed = client.request("POST", path, body, content_type)
        except (OSError, ConnectionError) as error:
            tally.note(f"connection lost ({type(error).__name__})")
            time.sleep(0.5)
            continue
        except Exception as error:  # http.client's protocol errors: the answer was lost too
            tally.note(f"connection lost ({type(error).__name__})")
            time.sleep(0.5)
            continue
        with tally.lock:
            tally.post_times.append(elapsed)
        if status in (302, 303) and location.endswith("/recepisse/"):
            tally.note("answered « déposée »")
            with tally.lock:
                record["accepted"] = 1
                tally.accepted_at.append(time.monotonic())
            return
        kind, message, _ = answer_kind(status, content)
        tally.note(kind, message, content)
        with tally.lock:
            record["answers"].append((status, message))
        time.sleep(1)
    tally.note("gave up")


def run_load(ports, world, pdfs, clients, timeout, tally: Tally, progress: threading.Event):
    jobs: queue.Queue = queue.Queue()
    for number, (user_id, key) in enumerate(world["candidates"][: len(pdfs)]):
        jobs.put((number, user_id, key))

    def client_loop():
        while True:
            try:
                number, user_id, key = jobs.get_nowait()
            except queue.Empty:
                return
            candidate(ports, world, number, user_id, key, pdfs[number], tally, timeout)
            progress.set()

    threads = [threading.Thread(target=client_loop, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    return threads


def sending(pg_port: int, worker_id: str, inbox: "Inbox", seconds: float) -> int | None:
    """Wait (up to ``seconds``) until the worker is in the middle of an SMTP exchange, before
    the server accepted anything: the id of the message it is sending."""
    import psycopg

    query = (
        "SELECT m.id, m.to ->> 0 FROM notifications_outboxmessage m"
        " JOIN django_tasks_database_dbtaskresult t"
        " ON (t.args_kwargs -> 'args' ->> 0)::bigint = m.id"
        " WHERE m.status = 'sending' AND t.status = 'RUNNING' AND t.worker_ids ? %s"
    )
    until = time.monotonic() + seconds
    with psycopg.connect(host="127.0.0.1", port=pg_port, user="postgres", dbname="rush") as conn:
        conn.autocommit = True
        while time.monotonic() < until:
            for message_id, address in conn.execute(query, [worker_id]).fetchall():
                with inbox.lock:
                    if inbox.checking[address]:
                        return message_id
            time.sleep(0.005)
    return None


def chaos(processes, ports, restart_pg, pg_port, inbox, tally: Tally, total: int, events: list):
    """Kill a web server and a worker at a fifth of the answers, restart PostgreSQL at half."""

    def wait_for(share: float) -> None:
        while True:
            with tally.lock:
                if len(tally.accepted_at) >= share * total:
                    return
            time.sleep(0.05)

    wait_for(0.2)
    caught = sending(pg_port, processes.worker_ids[0], inbox, seconds=10)
    processes.kill_worker(0)
    processes.kill_web(ports[0])
    events.append(
        (
            "web server and task worker killed (SIGKILL), the worker "
            + (f"while sending outbox message {caught}" if caught else "between two e-mails"),
            time.monotonic(),
        )
    )
    time.sleep(2)
    processes.start_worker(0)
    processes.start_web(ports[0])
    events.append(("web server and task worker restarted", time.monotonic()))
    wait_for(0.5)
    events.append(("PostgreSQL restart began", time.monotonic()))
    restart_pg()
    events.append(("PostgreSQL accepting connections again", time.monotonic()))


def outbox_counts(port: int) -> dict[str, int]:
    """Outbox messages by status, read straight from PostgreSQL."""
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="rush") as conn:
        rows = conn.execute(
            "SELECT status, count(*) FROM notifications_outboxmessage GROUP BY status"
        ).fetchall()
    return dict(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--applications", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=60, help="seconds for one request")
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "SPEC"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker, modes={"outbox": outbox_state})
        return
    if not (PG_BIN / "initdb").exists():
        sys.exit(f"PostgreSQL 15's tools are missing ({PG_BIN}): apt-get install postgresql-15")
    # Ctrl-C or a TERM: everything started here is stopped by the blocks' exits.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    var_dir = Path(tempfile.mkdtemp(prefix="cohorte-failure-rush-"))
    try:
        with postgresql() as (url, restart_pg, pg_port), smtp_server() as (smtp_port, inbox):
            env = environment(
                os.environ, url, var_dir,
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_port), EMAIL_TIMEOUT="5",
                OUTBOX_CLAIM_SECONDS=str(CLAIM_SECONDS), OUTBOX_RECORD_SECONDS="60",
            )  # fmt: skip
            failed = run(args, env, var_dir, restart_pg, pg_port, inbox)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    sys.exit(1 if failed else 0)


def run(args, env, var_dir: Path, restart_pg, pg_port: int, inbox: Inbox) -> list[str]:
    prepared = time.monotonic()
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput")
    world = run_worker(env, "setup", {"candidates": args.applications, "closes_in": 30}, var_dir)
    pdfs = [small_pdf(n) for n in range(args.applications)]
    print(
        f"== Failure rush: {args.applications} applications with a PDF CV, {args.clients} "
        "concurrent clients over 2 web servers (gunicorn, 1 worker x 8 threads each), "
        f"2 task workers, PostgreSQL 15 of this run (port {pg_port}), SMTP server aiosmtpd"
    )
    print(f"  prepared in {time.monotonic() - prepared:.0f} s")

    processes = Processes(env, var_dir)
    ports = [free_port(), free_port()]
    tally, progress, events = Tally(), threading.Event(), []
    try:
        for port in ports:
            processes.start_web(port)
        for index in range(2):
            processes.start_worker(index)
        processes.cron.start()
        began = time.monotonic()
        threads = run_load(ports, world, pdfs, args.clients, args.timeout, tally, progress)
        chaos_thread = threading.Thread(
            target=chaos,
            args=(processes, ports, restart_pg, pg_port, inbox, tally, args.applications, events),
            daemon=True,
        )
        chaos_thread.start()
        for thread in threads:
            thread.join(PATIENCE + 2 * args.timeout)
        load_ended = time.monotonic()
        chaos_thread.join(5)
        drained_at = None
        counts: dict = {}
        while time.monotonic() < load_ended + DRAIN_LIMIT:
            try:
                counts = outbox_counts(pg_port)
            except Exception:  # noqa: S112 - the database may still be starting
                continue
            if not set(counts) - {"sent"}:
                drained_at = time.monotonic()
                break
            time.sleep(1)
        state = run_worker(env, "outbox", {}, var_dir, script=__file__)
        sent = {str(k): v for k, v in tally.sent.items()}
        checks = run_worker(env, "verify", {"sent": sent}, var_dir)
    finally:
        processes.stop_all()
    server_errors: Counter = Counter()  # the exceptions logged by the web servers
    for log in sorted(var_dir.glob("web-*.log")):
        server_errors.update(
            line.strip()[:120]
            for line in log.read_text(errors="replace").splitlines()
            if re.match(r"^[\w.]+(Error|Exception): ", line)
        )
    return report(
        args, tally, events, began, load_ended, drained_at, counts, state, checks, inbox,
        server_errors,
    )  # fmt: skip


def report(args, tally, events, began, load_ended, drained_at, counts, state, checks, inbox,
           server_errors) -> list[str]:  # fmt: skip
    """Print the figures; the invariants that failed, if any."""
    accepted = sum(1 for r in tally.sent.values() if r["accepted"])
    told = tally.seen["answered « déposée »"]
    print(f"\n== Load: {load_ended - began:.1f} s from the first request to the last answer")
    for name, moment in events:
        print(f"  {moment - began:6.1f} s  {name}")
    restart = dict(events).get("PostgreSQL restart began")
    back = dict(events).get("PostgreSQL accepting connections again")
    first_after = min((t for t in tally.accepted_at if back and t > back), default=None)
    print(f"  POST submit {quantiles(tally.post_times)}")
    print("  what the candidates saw:")
    for kind, count in sorted(tally.seen.items(), key=lambda item: -item[1]):
        print(f"    {count:6d}  {kind}")
    for message, count in tally.messages.most_common(3):
        print(f"    message ({count}x): « {message} »")
    for kind, title in tally.examples.items():
        if kind.startswith("HTTP"):
            print(f"    page of « {kind} »: {title}")

    receipts = state["receipts"]
    received = [(mid, tos) for mid, tos, subject in inbox.received if RECEIPT_SUBJECT in subject]
    by_id = Counter(mid for mid, _ in received)
    by_rcpt = Counter(to for _, tos in received for to in tos)
    expected = set(state["submitted_to"])
    emails_lost = sorted(to for to in expected if by_rcpt[to] == 0)
    doubled_ids = sorted(mid for mid, n in by_id.items() if n > 1)
    doubled_rcpts = sorted(to for to, n in by_rcpt.items() if n > 1)
    unknown = sorted(set(by_id) - {r["id"] for r in receipts})
    attempts = Counter(r["attempts"] for r in receipts)

    print("\n== Figures")
    print(f"  accepted (answered « déposée »)          {told}")
    print(f"  recorded, answer lost, seen on receipt   {accepted - told}")
    refused = sum(n for k, n in tally.seen.items() if k.startswith("refused with"))
    print(f"  refused with « réessayez » (then retried) {refused}")
    print(f"  errors without « réessayez »             {len(tally.raw_errors)}")
    print(f"  gave up                                  {tally.seen['gave up']}")
    print(f"  lost                                     {len(checks['lost'])}")
    print(f"  duplicated                               {len(checks['duplicated'])}")
    print(f"  half-saved applications                  {len(state['half_saved'])}")
    print(f"  recorded without the client knowing      {checks['unacknowledged']}")
    print(
        f"  receipts: outbox {len(receipts)} for {len(expected)} submitted applications; "
        f"SMTP server received {sum(by_id.values())} ({len(by_id)} Message-IDs); "
        f"attempts per message {dict(sorted(attempts.items()))}"
    )
    print(f"  e-mails lost                             {len(emails_lost)}")
    print(f"  e-mails doubled                          {len(doubled_ids) + len(doubled_rcpts)}")
    print(f"  outbox at the end                        {counts}")
    if back:
        print(f"  PostgreSQL down (restart -m immediate)   {back - restart:.1f} s")
    if first_after and back:
        print(f"  first « déposée » after its restart      {first_after - back:.1f} s later")
    if drained_at:
        last_failure = back or load_ended
        print(
            f"  outbox drained by itself                 {drained_at - last_failure:.1f} s after "
            f"PostgreSQL's restart, {max(0.0, drained_at - load_ended):.1f} s after the load"
        )
    else:
        print(f"  outbox NOT drained {DRAIN_LIMIT} s after the load: {counts}")
    for line, count in server_errors.most_common(4):
        print(f"  logged by the web servers ({count}x): {line}")

    failures = []
    for name, bad in (
        ("lost submissions", checks["lost"]),
        ("duplicated submissions", checks["duplicated"]),
        ("half-saved applications", state["half_saved"]),
        ("errors without « réessayez »", tally.raw_errors),
        ("candidates who gave up", ["x"] * tally.seen["gave up"]),
        ("recorded without the client knowing", ["x"] * checks["unacknowledged"]),
        ("e-mails lost", emails_lost),
        ("e-mails doubled (Message-ID)", doubled_ids),
        ("e-mails doubled (recipient)", doubled_rcpts),
        ("e-mails not from the outbox", unknown),
        ("outbox not drained", [] if drained_at else ["x"]),
        ("problems", checks["problems"]),
    ):
        if bad:
            failures.append(f"{name}: {len(bad)} ({bad[:3]})")
    for failure in failures:
        print(f"  FAILED  {failure}")
    print("  all invariants hold" if not failures else f"  {len(failures)} invariant(s) failed")
    return failures


if __name__ == "__main__":
    main()
