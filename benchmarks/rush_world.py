"""What the rush benchmarks share: the call and its candidates, the checks of the database
after the load, the HTTP client of a candidate, and starting Cohorte's processes.

``deadline_rush.py`` (load) and ``failure_rush.py`` (load with failures) import it; its
Django steps run in a subprocess: ``python <benchmark> --worker MODE SPEC``. The processes
of Cohorte run from the checkout at ``root`` (this one by default; ``deadline_rush.py
--baseline`` passes an earlier commit's): their working directory, hence the code base.
"""

import hashlib
import html as html_lib
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1", "", None}  # None: a local Unix socket
SLUG = "appel-rush"
SECRET_KEY = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def environment(base: dict, database_url: str, var_dir: Path, **extra: str) -> dict:
    """The environment of Cohorte's production processes for a benchmark run."""
    env = dict(base)
    env.update(
        DJANGO_SETTINGS_MODULE="cohorte.settings",
        DATABASE_URL=database_url,
        COHORTE_VAR_DIR=str(var_dir),
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="https://127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="ERROR",  # the server's log goes to a file; its errors are reported
    )
    env.update(extra)
    return env


# --- Set-up and checks, run in a Django process ----------------------------------------


def worker(mode: str, spec_path: str, modes: dict | None = None) -> None:
    """Subprocess entry: set up the world, close the call or check the database (JSON out);
    ``modes`` adds a benchmark's own steps."""
    # The code base is the working directory's (run_worker's root), not necessarily ROOT's.
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    spec = json.loads(Path(spec_path).read_text())
    steps = {"setup": setup_world, "close": close_call, "verify": verify, **(modes or {})}
    print(json.dumps(steps[mode](spec)))


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

    from cohorte.calls.models import Call, Question, Round, Statement
    from cohorte.challenges.models import Challenge
    from cohorte.programmes.call_defaults import EIG_STATEMENTS
    from cohorte.programmes.models import Cohort, Programme

    now = timezone.now()
    closes_at = (now + datetime.timedelta(minutes=spec["closes_in"])).replace(microsecond=0)
    with transaction.atomic():
        programme = Programme.objects.create(
            name="Entrepreneurs d'intérêt général", short_name="EIG", slug="eig-rush",
            setup_completed_at=now,  # an instance in use, past its first-run setup
        )  # fmt: skip
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
            for order, text in enumerate(EIG_STATEMENTS)
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(env: dict, args: list[str], what: str, root: Path = ROOT) -> str:
    """Run a Python command of the project at ``root`` with ``env``; its output, or an error
    naming it."""
    result = subprocess.run(
        [sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{result.stderr[-4000:]}")
    return result.stdout


def run_worker(
    env: dict, mode: str, spec: dict, var_dir: Path, script: str = __file__, root: Path = ROOT
) -> dict:
    """Run step ``mode`` in a Django process of the code base at ``root``: ``script --worker
    MODE SPEC`` (JSON out)."""
    spec_path = var_dir / f"{mode}.json"
    spec_path.write_text(json.dumps(spec))
    output = _run(env, [script, "--worker", mode, str(spec_path)], mode, root)
    return json.loads(output.strip().splitlines()[-1])


def manage(env: dict, *args: str, root: Path = ROOT) -> None:
    _run(env, ["manage.py", *args], f"manage.py {' '.join(args)}", root)


def start_gunicorn(env: dict, port: int, workers: int, threads: int, log: Path, root: Path = ROOT):
    """A gunicorn of the Cohorte at ``root`` in a session of its own (so that its master and
    workers can be killed together), ready to answer; its output appended to ``log``."""
    log_file = log.open("ab")
    options = (
        f"--workers {workers} --threads {threads} --worker-class gthread --backlog 2048 "
        "--timeout 120 --log-level warning"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cohorte.wsgi", "--bind", f"127.0.0.1:{port}"]
        + options.split(),
        cwd=root,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log_file.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            ready = connection.getresponse().status == 200
            connection.close()
            if ready:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"gunicorn did not start (see {log})")


def stop(process: subprocess.Popen) -> None:
    """Stop a process started here (TERM, then KILL after 30 s)."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def gunicorn(env: dict, port: int, workers: int, threads: int, log: Path, root: Path = ROOT):
    process = start_gunicorn(env, port, workers, threads, log, root)
    try:
        yield process
    finally:
        stop(process)


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


def open_form(client: "Client", path: str) -> tuple[int, str, float]:
    """The application form of the call, started first if need be ("Commencer ma
    candidature" creates the draft): (status, html, seconds)."""
    status, _, content, elapsed = client.request("GET", path)
    html = content.decode(errors="replace")
    if status == 200 and not hidden(html, "revision") and 'value="start"' in html:
        body = f"csrfmiddlewaretoken={hidden(html, 'csrfmiddlewaretoken')}&action=start"
        status, _, content, more = client.request(
            "POST", path, body.encode(), "application/x-www-form-urlencoded"
        )
        elapsed += more
        if status in (302, 303):
            status, _, content, more = client.request("GET", path)
            elapsed += more
        html = content.decode(errors="replace")
    return status, html, elapsed


if __name__ == "__main__":
    worker(sys.argv[2], sys.argv[3])  # run_worker's "--worker MODE SPEC"


@contextmanager
def database(name: str, suffix: str = ""):
    """``DATABASE_URL`` when set (this machine only), else the database ``name`` made for
    this run and dropped after: (its URL, what it is, in words). With ``suffix`` (a second
    code base's run), the database is ``DATABASE_URL``'s or ``name``'s name suffixed, made
    for this run on the same server and dropped after."""
    given = os.environ.get("DATABASE_URL", "")
    if given:
        parts = urlsplit(given)
        if not parts.scheme.startswith("postgres") or parts.hostname not in LOOPBACK:
            sys.exit("DATABASE_URL must be a PostgreSQL database on this machine (it is flushed).")
        if not suffix:
            yield given, f"{parts.path.lstrip('/')} (DATABASE_URL, flushed)"
            return
        server, name = given.rsplit("/", 1)
    else:
        server = "postgres://postgres@127.0.0.1:5432"
    name = f"{name}_{suffix}" if suffix else name
    import psycopg

    def admin(sql: str) -> None:
        with psycopg.connect(server + "/postgres", autocommit=True) as connection:
            connection.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    try:
        yield (
            f"{server}/{name}",
            f"{name} on {urlsplit(server).hostname} (created for this run, dropped after)",
        )
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_periodic_until(env: dict, stopping, seconds: float) -> None:
    """``manage.py run_periodic`` every ``seconds`` until ``stopping`` is set (a cron)."""
    while not stopping.wait(seconds):
        subprocess.run(
            [sys.executable, "manage.py", "run_periodic"],
            cwd=ROOT, env=env, capture_output=True, timeout=120,
        )  # fmt: skip
