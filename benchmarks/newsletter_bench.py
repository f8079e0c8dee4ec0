"""Newsletter: one edition to 20 000 confirmed subscribers through the outbox and the task
workers, one worker killed (SIGKILL) and restarted mid-way.

Run from the repository root::

    python benchmarks/newsletter_bench.py [--subscribers 20000] [--workers 2] [--batch 1000]

It builds a PostgreSQL database (``cohorte_bench_newsletter`` on 127.0.0.1, dropped at the
end; or ``DATABASE_URL`` when set, on this machine only: that database is flushed), the
subscribers and an edition already tested, and a real SMTP server (aiosmtpd) that counts
what arrives by Message-ID and recipient. The sending starts as the team's "send" button
starts it; ``--workers`` task workers (``manage.py task_worker``, production settings) then
queue the batches and deliver the messages while ``run_periodic`` runs every few seconds
(the newsletter's resume of a stalled sending, the outbox's recovery of a message a dead
worker held). When a third of the messages have arrived, one worker is killed and a new one
started. Printed: messages per second (the whole sending, and each third), the workers'
peak memory, and lost (a subscriber who received nothing) and doubled (a subscriber who
received it more than once): the exit status is 1 unless both are 0.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from failure_rush import smtp_server  # noqa: E402
from rush_world import (  # noqa: E402
    ROOT,
    database,
    environment,
    manage,
    run_periodic_until,
    run_worker,
    stop,
)

BENCH_DATABASE = "cohorte_bench_newsletter"
SUBJECT = "La lettre du programme — benchmark"
CRON_SECONDS = 5


# --- Steps run in a Django process ----------------------------------------------------------


def setup(spec: dict) -> dict:
    """The subscribers, a team member and an edition tested; the sending started."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cohorte.accounts.roles import add_to_team
    from cohorte.newsletter import domain
    from cohorte.newsletter.models import Edition, Subscriber

    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"abonne{n}@example.org", calls=True, articles=n % 2 == 0,
                       confirmed_at=now)
            for n in range(spec["subscribers"])
        ],
        batch_size=2000,
    )  # fmt: skip
    team = get_user_model().objects.create(username="equipe", email="equipe@example.org")
    add_to_team(team)
    edition = Edition.objects.create(
        subject=SUBJECT, intro="Bonjour à toutes et à tous.", calls=True, test_sent_at=now,
        created_by=team,
    )  # fmt: skip
    domain.start_sending(edition.pk, team, now)
    return {"edition": edition.pk}


def state(spec: dict) -> dict:
    """Where the edition and its messages stand."""
    from django.db.models import Count

    from cohorte.newsletter.models import Delivery, Edition
    from cohorte.notifications.models import OutboxMessage

    edition = Edition.objects.get(pk=spec["edition"])
    messages = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.NEWSLETTER)
    statuses = dict(messages.values_list("status").annotate(n=Count("pk")))
    return {
        "edition": edition.status,
        "deliveries": Delivery.objects.filter(edition=edition).count(),
        "subscribers_served_twice": Delivery.objects.values("edition", "subscriber")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count(),
        "statuses": statuses,
    }


# --- Orchestration ---------------------------------------------------------------------------


class Workers:
    """The task workers of the run and the periodic jobs, each worker's peak memory kept."""

    def __init__(self, env: dict, var_dir: Path):
        self.env, self.var_dir = env, var_dir
        self.processes: list[subprocess.Popen] = []
        self.peaks: dict[int, int] = {}  # pid -> peak resident memory (kB)
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(
                target=run_periodic_until, args=(env, self.stopping, CRON_SECONDS), daemon=True
            ),
            threading.Thread(target=self._watch_memory, daemon=True),
        ]

    def start(self, index: int) -> None:
        log = (self.var_dir / f"worker-{index}-{len(self.processes)}.log").open("ab")
        process = subprocess.Popen(
            [sys.executable, "manage.py", "task_worker", "--no-startup-delay", "--interval",
             "0.2", "--worker-id", f"newsletter-{index}-{len(self.processes)}"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        self.processes.append(process)

    def kill(self, index: int) -> None:
        process = self.processes[index]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def _watch_memory(self) -> None:
        while not self.stopping.wait(0.5):
            for process in self.processes:
                try:
                    status = Path(f"/proc/{process.pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peaks[process.pid] = int(line.split()[1])

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "SPEC"), help=argparse.SUPPRESS)
    parser.add_argument("--subscribers", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=1000, help="messages queued per batch")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    if args.worker:
        from rush_world import worker

        worker(*args.worker, modes={"setup": setup, "state": state})
        return
    var_dir = Path(tempfile.mkdtemp(prefix="cohorte-newsletter-"))
    # A server that accepts at once: the sending's own pace is measured.
    with (
        database(BENCH_DATABASE) as (url, _label),
        smtp_server(rcpt_seconds=0) as (
            smtp_port,
            inbox,
        ),
    ):
        env = environment(
            os.environ, url, var_dir,
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_port), EMAIL_TIMEOUT="10",
            NEWSLETTER_BATCH_SIZE=str(args.batch), NEWSLETTER_BATCH_SECONDS="1",
            # A dead worker's batch and messages are picked up after seconds, not minutes.
            NEWSLETTER_STALLED_SECONDS="15", OUTBOX_CLAIM_SECONDS="30",
        )  # fmt: skip
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        script = str(Path(__file__).resolve())
        world = run_worker(env, "setup", {"subscribers": args.subscribers}, var_dir, script)
        total = args.subscribers
        with Workers(env, var_dir) as workers:
            began = time.monotonic()
            for index in range(args.workers):
                workers.start(index)
            marks, killed_at, done_at = {}, None, None
            while time.monotonic() - began < args.timeout:
                arrived = len(inbox.received)
                for third in (1, 2, 3):
                    if third not in marks and arrived >= total * third // 3:
                        marks[third] = time.monotonic() - began
                if killed_at is None and 1 in marks:
                    workers.kill(0)  # mid-way: it holds tasks and messages being sent
                    killed_at = time.monotonic() - began
                    workers.start(0)
                if arrived >= total:
                    done_at = time.monotonic() - began
                    break
                time.sleep(0.2)
            time.sleep(2 * CRON_SECONDS)  # anything sent late would show up now
            final = run_worker(env, "state", world, var_dir, script)
            peaks = sorted(workers.peaks.values())
    report(args, inbox, final, marks, killed_at, done_at, peaks)


def report(args, inbox, final, marks, killed_at, done_at, peaks) -> None:
    total = args.subscribers
    copies = Counter(rcpt for _mid, rcpts, subject in inbox.received if subject == SUBJECT
                     for rcpt in rcpts)  # fmt: skip
    expected = {f"abonne{n}@example.org" for n in range(total)}
    lost = len(expected - set(copies))
    doubled = sum(1 for n in copies.values() if n > 1)
    by_id = Counter(mid for mid, _rcpts, subject in inbox.received if subject == SUBJECT)
    print(f"Newsletter to {total} confirmed subscribers, {args.workers} task workers, "
          f"batches of {args.batch} every second")  # fmt: skip
    print(f"  sending state: {final['edition']}, deliveries {final['deliveries']}, "
          f"outbox {final['statuses']}")  # fmt: skip
    if done_at:
        print(f"  all {total} received in {done_at:.1f} s: {total / done_at:.0f} messages/s")
    else:
        print(f"  NOT all received before the timeout: {len(copies)} of {total}")
    previous = 0.0
    for third, moment in sorted(marks.items()):
        print(f"  third {third}: {moment:.1f} s ({total / 3 / (moment - previous):.0f} messages/s)")
        previous = moment
    print(f"  worker 0 killed (SIGKILL) at {killed_at:.1f} s and restarted" if killed_at else "")
    print(f"  workers' peak memory: {', '.join(f'{kb / 1024:.0f} MB' for kb in peaks)}")
    same_id = sum(1 for n in by_id.values() if n > 1)
    print(f"  lost: {lost}   doubled: {doubled}   same Message-ID twice: {same_id}   "
          f"served twice in the database: {final['subscribers_served_twice']}")  # fmt: skip
    sys.exit(0 if lost == 0 and doubled == 0 and done_at else 1)


if __name__ == "__main__":
    main()
