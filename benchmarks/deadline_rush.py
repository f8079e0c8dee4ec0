"""Deadline rush: many candidates submitting their application with a CV in the last minutes.

Run from the repository root::

    python benchmarks/deadline_rush.py [--clients 200] [--applications 1000]

It builds a dedicated PostgreSQL database (``cohorte_bench_rush`` on 127.0.0.1, dropped at
the end; or ``DATABASE_URL`` when set, on this machine only: that database is flushed),
opens a call for applications that closes a few minutes later, signs in one verified
candidate per application (sessions written server-side, so no password hashing is
measured) whose draft is begun, then starts gunicorn on the loopback with production
settings and lets ``--clients`` concurrent clients share the submissions: each one loads
the form and posts the whole form at once with a small PDF CV and the "submit" button.
One submission in twenty is posted twice at the same instant, as from two tabs, and one
in twenty is a double click on "submit" after the draft was saved: each time the
second request must be refused as stale. Once the load is over, the database is checked
(every accepted submission stored once, with one version and the CV sent, nothing lost
nor duplicated) and a submission one second after the closing time is attempted.
Figures are printed; nothing is asserted as a timed test.
"""

import argparse
import hashlib
import html as html_lib
import http.client
import json
import os
import queue
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "cohorte_bench_rush"
SLUG = "appel-rush"
TARGET_P95 = 0.5
DUPLICATE_EVERY = 20  # one submission in twenty is posted twice at once, in each of two ways
LOOPBACK = {"127.0.0.1", "localhost", "::1", "", None}  # None: a local Unix socket
STALE_WORDS = "modifiée ailleurs"


# --- Set-up and checks, run in a Django process ----------------------------------------


def worker(mode: str, spec_path: str) -> None:
    """Subprocess entry: set up the world, close the call or check the database (JSON out)."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    spec = json.loads(Path(spec_path).read_text())
    result = {"setup": setup_world, "close": close_call, "verify": verify}[mode](spec)
    print(json.dumps(result))


def setup_world(spec: dict) -> dict:
    """An open call closing in a few minutes, and one signed-in verified candidate each."""
    import datetime

    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from cohorte.calls.applications import start
    from cohorte.calls.models import Call, Question, Round, Statement
    from cohorte.calls.models.call import DEFAULT_STATEMENTS
    from cohorte.challenges.models import Challenge
    from cohorte.programmes.models import Cohort, Programme

    now = timezone.now()
    closes_at = (now + datetime.timedelta(minutes=spec["closes_in"])).replace(microsecond=0)
    with transaction.atomic():
        programme = Programme.objects.create(
            name="Entrepreneurs d'intérêt général", short_name="EIG", slug="eig-rush"
        )
        cohort = Cohort.objects.create(
            programme=programme,
            number=9,
            name="Promotion 9",
            slug="promotion-rush",
            year=2026,
            status=Cohort.Status.RECRUITING,
        )
        call = Call.objects.create(
            cohort=cohort,
            kind=Call.Kind.APPLICATIONS,
            slug=SLUG,
            title="Appel à candidatures EIG 9",
            opens_at=now - datetime.timedelta(days=30),
            closes_at=closes_at,
            max_choices=3,
            choice_kind=Call.ChoiceKind.CHALLENGES,
        )
        Round.objects.create(
            call=call, name="Session 1", opens_at=call.opens_at, closes_at=closes_at
        )
        challenges = [
            Challenge.objects.create(
                cohort=cohort,
                title=f"Défi {n}",
                slug=f"defi-rush-{n}",
                status=Challenge.Status.PUBLISHED,
                seats=2,
            )
            for n in range(1, 6)
        ]
        call.challenges.set(challenges)
        statements = [
            Statement.objects.create(call=call, order=order, text=text)
            for order, text in enumerate(DEFAULT_STATEMENTS)
        ]
        kinds = Question.Kind
        questions = [
            Question.objects.create(
                call=call,
                order=order,
                label=label,
                kind=kind,
                required=required,
                max_length=limit,
                options=options,
            )
            for order, (label, kind, required, limit, options) in enumerate(
                [
                    ("Votre métier en une phrase", kinds.SHORT_TEXT, True, 200, []),
                    ("Votre expérience", kinds.LONG_TEXT, True, 3000, []),
                    ("Votre motivation", kinds.LONG_TEXT, True, 3000, []),
                    (
                        "Disponibilité",
                        kinds.SINGLE_CHOICE,
                        True,
                        None,
                        ["Immédiate", "Sous 3 mois"],
                    ),
                    (
                        "Langages pratiqués",
                        kinds.MULTIPLE_CHOICE,
                        False,
                        None,
                        ["Python", "JavaScript", "R", "SQL"],
                    ),
                    (
                        "Avez-vous déjà travaillé pour l'administration ?",
                        kinds.YES_NO,
                        True,
                        None,
                        [],
                    ),
                    ("Un projet en ligne", kinds.URL, False, None, []),
                ],
                start=1,
            )
        ]

        User = get_user_model()
        unusable = make_password(None)  # the benchmark measures submissions, not hashing
        users = User.objects.bulk_create(
            User(
                username=f"rush{n:05d}",
                email=f"rush{n:05d}@example.org",
                first_name="Camille",
                last_name=f"Rush{n}",
                password=unusable,
            )
            for n in range(spec["candidates"])
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
        )
        expire = now + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        sessions = []
        for user in users:
            data = {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
            key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
            sessions.append(
                Session(
                    session_key=key, session_data=SessionStore().encode(data), expire_date=expire
                )
            )
        Session.objects.bulk_create(sessions)
        # Drafts begun earlier with the "start" button: the rush is about the form and its
        # submission, which a GET no longer creates (following a link creates nothing).
        for user in users:
            start(call, user, now=now)
    return {
        "closes_at": closes_at.isoformat(),
        "questions": {q.kind: q.pk for q in reversed(questions)},
        "long_texts": [q.pk for q in questions if q.kind == kinds.LONG_TEXT],
        "statements": [s.pk for s in statements],
        "challenges": [c.pk for c in challenges],
        "candidates": [[u.pk, s.session_key] for u, s in zip(users, sessions, strict=True)],
    }


def close_call(spec: dict) -> dict:
    """Move the closing time one second into the past (the call and its round)."""
    import datetime

    from django.utils import timezone

    from cohorte.calls.models import Call, Round

    closes_at = timezone.now().replace(microsecond=0) - datetime.timedelta(seconds=1)
    Call.objects.filter(slug=SLUG).update(closes_at=closes_at)
    Round.objects.filter(call__slug=SLUG).update(closes_at=closes_at)
    return {"closes_at": closes_at.isoformat()}


def verify(spec: dict) -> dict:
    """What the database holds after the run, compared with what the clients were told."""
    from django.core.files.storage import default_storage

    from cohorte.audit.models import ActivityLog
    from cohorte.calls.models import Application, ApplicationFile, ApplicationVersion
    from cohorte.notifications.models import OutboxMessage

    sent = {int(k): v for k, v in spec["sent"].items()}  # user -> {sha256, accepted, answers}
    apps = {
        a.candidate_id: a for a in Application.objects.filter(call__slug=SLUG)
    }  # one per candidate by construction: the duplicates are counted below
    per_candidate = Counter(
        Application.objects.filter(call__slug=SLUG).values_list("candidate_id", flat=True)
    )
    versions = Counter(
        ApplicationVersion.objects.filter(application__call__slug=SLUG).values_list(
            "application_id", flat=True
        )
    )
    version_numbers = dict(
        ApplicationVersion.objects.filter(application__call__slug=SLUG, number=1).values_list(
            "application_id", "submitted_at"
        )
    )
    cvs: dict[int, list] = {}
    for row in ApplicationFile.objects.filter(
        application__call__slug=SLUG, kind="cv", is_current=True
    ):
        cvs.setdefault(row.application_id, []).append(row)
    submitted_logs = Counter(
        ActivityLog.objects.filter(action="application.submitted").values_list(
            "object_id", flat=True
        )
    )
    receipts = OutboxMessage.objects.filter(subject__startswith="Candidature reçue").count()

    lost, duplicated, problems = [], [], []
    for user_id, what in sent.items():
        application = apps.get(user_id)
        accepted = what["accepted"]
        if accepted > 1:
            duplicated.append(user_id)  # both tabs accepted: two submissions of one form
        if not accepted:
            continue
        if application is None or application.status != "submitted" or application.version < 1:
            lost.append(user_id)
            continue
        if versions[application.pk] != 1 or application.pk not in version_numbers:
            (duplicated if versions[application.pk] > 1 else lost).append(user_id)
            continue
        rows = cvs.get(application.pk, [])
        if len(rows) != 1:
            (duplicated if len(rows) > 1 else lost).append(user_id)
            continue
        with default_storage.open(rows[0].file.name, "rb") as handle:
            stored = hashlib.sha256(handle.read()).hexdigest()
        if not rows[0].sha256 == stored == what["sha256"]:
            lost.append(user_id)
            problems.append(f"candidate {user_id}: CV content differs from what was sent")
        if submitted_logs[str(application.pk)] != 1:
            problems.append(
                f"application {application.pk}: {submitted_logs[str(application.pk)]}"
                " 'application.submitted' audit entries"
            )
    duplicated += [c for c, n in per_candidate.items() if n > 1]
    late = spec.get("late") or {}
    late_state = {}
    for key, user_id in late.items():
        application = apps.get(int(user_id))
        late_state[key] = {
            "status": application.status if application else None,
            "versions": versions[application.pk] if application else 0,
            "files": ApplicationFile.objects.filter(application=application).count()
            if application
            else 0,
        }
    return {
        "applications": len(apps),
        "submitted": sum(1 for a in apps.values() if a.status == "submitted"),
        "drafts": sum(1 for a in apps.values() if a.status == "draft"),
        "versions": sum(versions.values()),
        "versions_not_1": sum(1 for n in versions.values() if n != 1),
        "current_cvs": sum(len(rows) for rows in cvs.values()),
        "files": ApplicationFile.objects.filter(application__call__slug=SLUG).count(),
        "submitted_audit_entries": sum(submitted_logs.values()),
        "receipts_queued": receipts,
        "candidates_with_several": sum(1 for n in per_candidate.values() if n > 1),
        # Stored as submitted though the client was not told so (a timeout, a dropped answer).
        "unacknowledged": sum(
            1
            for user_id, a in apps.items()
            if a.status == "submitted" and not sent.get(user_id, {}).get("accepted")
        ),
        "lost": sorted(set(lost)),
        "duplicated": sorted(set(duplicated)),
        "problems": problems[:10],
        "late": late_state,
    }


# --- The load, run from this process over HTTP ------------------------------------------


def small_pdf(number: int) -> bytes:
    """A real one-page PDF CV with some text (about 5 kB), different for each candidate."""
    lines = [f"CV de la candidate n° {number}", f"Référence {uuid.uuid4().hex}"]
    lines += [f"Expérience {n} : développement de services numériques publics." for n in range(60)]
    shown = " ".join(f"({line}) '" for line in lines)  # no parenthesis in the lines
    stream = f"BT /F1 10 Tf 50 800 Td 12 TL {shown} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % index + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, bytes]]):
    """A multipart/form-data body as a browser sends it (an empty file input included)."""
    boundary = "----CohorteRush" + uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, filename, content in files:
        kind = "application/pdf" if content else "application/octet-stream"
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Client:
    """One browser: its cookies, over plain HTTP to gunicorn behind a (pretend) TLS proxy."""

    def __init__(self, port: int, session_key: str, timeout: float):
        self.port = port
        self.timeout = timeout
        self.cookies = {"sessionid": session_key}
        self.origin = f"https://127.0.0.1:{port}"

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = ""):
        headers = {
            # What the TLS-terminating proxy adds in production (SECURE_PROXY_SSL_HEADER).
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Accept-Language": "fr",
        }
        if method == "POST":
            headers.update(
                {"Content-Type": content_type, "Origin": self.origin, "Referer": self.origin + path}
            )
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            started = time.perf_counter()
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            content = response.read()
            elapsed = time.perf_counter() - started
            for cookie in response.msg.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location", ""), content, elapsed
        finally:
            connection.close()


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


def alert(html: bytes) -> str:
    """The message of the page's error alert (what the candidate reads)."""
    match = re.search(rb'fr-alert__title">(.*?)</h2>', html, re.S)
    text = html_lib.unescape(match.group(1).decode()) if match else ""
    return re.sub(r"\s+", " ", text).strip()


def form_fields(world: dict, number: int, html: str) -> list[tuple[str, str]]:
    """The whole form as a candidate fills it in, from the page's hidden fields."""
    q = world["questions"]
    long_texts = world["long_texts"]
    challenges = world["challenges"]
    words = (
        "Conception et développement de services publics numériques, données ouvertes, "
        "accessibilité et travail avec les agents. "
    )
    fields = [
        ("csrfmiddlewaretoken", hidden(html, "csrfmiddlewaretoken")),
        ("application", hidden(html, "application")),
        ("revision", hidden(html, "revision")),
        ("first_name", "Camille"),
        ("last_name", f"Rush{number}"),
        ("phone", "06 12 34 56 78"),
        (f"q_{q['short_text']}", "Développeuse de services publics numériques"),
        (f"q_{long_texts[0]}", (words * 20)[:2500]),
        (f"q_{long_texts[1]}", (words * 12)[:1500]),
        (f"q_{q['single_choice']}", "Immédiate"),
        (f"q_{q['multiple_choice']}", "Python"),
        (f"q_{q['multiple_choice']}", "SQL"),
        (f"q_{q['yes_no']}", "no"),
        (f"q_{q['url']}", f"https://exemple.fr/projet-{number}"),
    ]
    ranked = [challenges[(number + k) % len(challenges)] for k in range(2)]
    fields += [("choices", f"c{c}") for c in ranked] + [("choices", "")]
    fields += [("statements", str(s)) for s in world["statements"]]
    fields += [("gender", "undisclosed"), ("publication_consent", "on"), ("action", "submit")]
    return fields


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
            status, _, content, elapsed = client.request("GET", path)
        except OSError as error:
            with results.lock:
                results.get_status[type(error).__name__] += 1
                results.ended = time.perf_counter()
            return ""
        with results.lock:
            results.get_times.append(elapsed)
            results.get_status[status] += 1
        html = content.decode()
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_worker(env: dict, mode: str, spec: dict, var_dir: Path) -> dict:
    spec_path = var_dir / f"{mode}.json"
    spec_path.write_text(json.dumps(spec))
    result = subprocess.run(
        [sys.executable, __file__, "--worker", mode, str(spec_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(env: dict, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}")


@contextmanager
def database():
    """``DATABASE_URL`` when set (this machine only), else a database made for this run."""
    given = os.environ.get("DATABASE_URL", "")
    if given:
        parts = urlsplit(given)
        if not parts.scheme.startswith("postgres") or parts.hostname not in LOOPBACK:
            sys.exit("DATABASE_URL must be a PostgreSQL database on this machine (it is flushed).")
        yield given, f"{urlsplit(given).path.lstrip('/')} (DATABASE_URL, flushed)"
        return
    import psycopg

    def admin(sql: str) -> None:
        with psycopg.connect(
            host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
    admin(f"CREATE DATABASE {BENCH_DATABASE}")
    try:
        yield (
            f"postgres://postgres@127.0.0.1:5432/{BENCH_DATABASE}",
            f"{BENCH_DATABASE} on 127.0.0.1 (created for this run, dropped after)",
        )
    finally:
        admin(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


@contextmanager
def gunicorn(env: dict, port: int, workers: int, threads: int, log: Path):
    log_file = log.open("wb")
    options = (
        f"--workers {workers} --threads {threads} --worker-class gthread --backlog 2048 "
        "--timeout 120 --log-level warning"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cohorte.wsgi", "--bind", f"127.0.0.1:{port}"]
        + options.split(),
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                ready = connection.getresponse().status == 200
                connection.close()
                if ready:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log_file.close()


def quantiles(values: list[float]) -> str:
    if not values:
        return "no answer"
    ordered = sorted(values)

    def at(share):
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    return (
        f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {at(0.95):7.1f} ms   "
        f"p99 {at(0.99):7.1f} ms   max {ordered[-1] * 1000:7.1f} ms   (n={len(ordered)})"
    )


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else float("inf")


def paris(iso: str) -> str:
    import datetime
    from zoneinfo import ZoneInfo

    moment = datetime.datetime.fromisoformat(iso)
    local = moment.astimezone(ZoneInfo("Europe/Paris"))
    utc = moment.astimezone(datetime.UTC)
    return f"{local:%Y-%m-%d %H:%M:%S} heure de Paris ({utc:%H:%M:%S} UTC)"


def late_attempts(port: int, world: dict, timeout: float, env: dict, var_dir: Path) -> dict:
    """A draft opened before the closing time, then submitted one second after it."""
    late_user, late_key = world["candidates"][-1]
    resubmitter, resubmit_key = world["candidates"][0]
    path = f"/appels/{SLUG}/candidature/"
    attempts = {}
    pages = {}
    for name, key in (("late", late_key), ("again", resubmit_key)):
        client = Client(port, key, timeout)
        status, _, content, _ = client.request("GET", path)
        pages[name] = (client, content.decode(), status)
    closed = run_worker(env, "close", {}, var_dir)
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


def main() -> None:
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
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "SPEC"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return

    var_dir = Path(tempfile.mkdtemp(prefix="cohorte-rush-"))
    try:
        with database() as (url, label):
            env = dict(os.environ)
            env.update(
                DJANGO_SETTINGS_MODULE="cohorte.settings",
                DATABASE_URL=url,
                COHORTE_VAR_DIR=str(var_dir),
                DEBUG="0",
                SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
                ALLOWED_HOSTS="127.0.0.1",
                SITE_URL="https://127.0.0.1",
                SECURE_SSL_REDIRECT="0",
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                LOG_LEVEL="ERROR",  # the server's log goes to a file; its errors are reported
            )
            run(args, env, label, var_dir)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def run(args, env: dict, label: str, var_dir: Path) -> None:
    prepared = time.perf_counter()
    if os.environ.get("DATABASE_URL"):
        manage(env, "flush", "--noinput")
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput")
    world = run_worker(
        env,
        "setup",
        {
            "candidates": args.applications + 1,
            "closes_in": args.closes_in or 5 + args.ramp / 60,
        },
        var_dir,
    )
    pdfs = [small_pdf(n) for n in range(args.applications)]
    kinds = Counter(kind_of(n) for n in range(args.applications))
    print(
        f"== Deadline rush: {args.applications} applications with a PDF CV "
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
    with gunicorn(env, port, args.workers, args.threads, log):
        results = run_load(port, world, pdfs, args.clients, args.timeout, args.ramp)
        late = late_attempts(port, world, args.timeout, env, var_dir)

    sent = {str(k): v for k, v in results.sent.items()}
    checks = run_worker(env, "verify", {"sent": sent, "late": late["users"]}, var_dir)
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


if __name__ == "__main__":
    main()
