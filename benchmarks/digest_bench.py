"""Friday digest benchmark: build and queue a week's digest for a whole running cohort.

Run from the repository root::

    python benchmarks/digest_bench.py                     # 20 défis (baseline), then 60
    DATABASE_URL=postgres://… python benchmarks/digest_bench.py   # that database is flushed

It builds a fresh database (SQLite in a temporary folder unless ``DATABASE_URL`` is set),
a running cohort of défis with about 3.3 fellows each (200 at 60 défis), an operational
and a senior mentor each, the team, and 10 months of weekly bulletins of every défi (a
third shared). For each size it times ``digest.send`` of the last week (best of three, the
digests forgotten between runs) and counts its queries, then prints the ratio of the
largest size against the first one: the queries must be equal (on SQLite, Django splits
a large bulk insert into batches of its variable limit: a few more queries at 60 défis),
the time grows with the digests' total length (people × the bulletins each reads).
Nothing is asserted.
"""

# ruff: noqa: E402 - the repository root must be on sys.path before importing cohorte.
from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from back_office_bench import configure

FELLOWS_PER_60 = 200
WEEKS = 43  # ten months


class Cohort:
    """The running cohort, grown défi by défi."""

    def __init__(self, last_week: datetime.date):
        from cohorte.accounts.roles import add_to_link, add_to_team
        from cohorte.programmes.models import Cohort as CohortModel
        from tests.factories import CohortFactory, UserFactory

        self.last_week = last_week
        start = last_week - datetime.timedelta(weeks=WEEKS - 1)
        self.cohort = CohortFactory(
            status=CohortModel.Status.RUNNING, start_date=start, name="Promotion 12"
        )
        for index in range(8):
            add_to_team(UserFactory(username=f"equipe{index}"), director=index == 0)
        for index in range(4):
            add_to_link(UserFactory(username=f"link{index}"))
        self.defis = 0
        self.fellows = 0

    def grow(self, defis: int) -> None:
        """Add défis, their fellows and mentors, and their bulletins, up to ``defis``."""
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from cohorte.bulletins.models import Bulletin
        from cohorte.people.models import Person, Role
        from tests.factories import ChallengeFactory

        user_model = get_user_model()
        for index in range(self.defis, defis):
            challenge = ChallengeFactory(cohort=self.cohort, title=f"Défi {index:02}")
            fellows = (index + 1) * FELLOWS_PER_60 // 60 - index * FELLOWS_PER_60 // 60
            kinds = ["fellow"] * fellows + ["operational_mentor", "senior_mentor"]
            users = user_model.objects.bulk_create(
                user_model(username=f"d{index}-{n}", email=f"d{index}-{n}@example.org")
                for n in range(len(kinds))
            )
            people = Person.objects.bulk_create(
                Person(full_name=f"Personne {index}-{n}", slug=f"p-{index}-{n}", user=user)
                for n, user in enumerate(users)
            )
            Role.objects.bulk_create(
                Role(person=p, kind=kind, cohort=self.cohort, challenge=challenge)
                for p, kind in zip(people, kinds, strict=True)
            )
            self.fellows += fellows
            Bulletin.objects.bulk_create(
                Bulletin(
                    challenge=challenge,
                    week=self.last_week - datetime.timedelta(weeks=w),
                    done=f"Semaine {w} du défi {index} : entretiens, prototype, tests. " * 8,
                    next="La suite. " * 20,
                    help_needed="Un accès aux données." if w % 5 == 0 else "",
                    shared=(index + w) % 3 == 0,
                    published_at=timezone.now(),
                )
                for w in range(WEEKS)
            )
        self.defis = defis


def measure(week) -> tuple[float, int, int]:
    """Best time of three runs of the week's digest, its queries, the digests queued."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cohorte.bulletins import digest
    from cohorte.bulletins.models import DigestSent
    from cohorte.notifications.models import OutboxMessage

    best, queries, sent = float("inf"), 0, 0
    for _ in range(3):
        DigestSent.objects.all().delete()
        OutboxMessage.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            sent = digest.send(week)
            best = min(best, time.perf_counter() - start)
        queries = len(captured)
    return best, queries, sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 60])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        configure(HERE.parent, Path(var_dir))
        from cohorte.bulletins.weeks import current_week

        week = current_week()
        cohort = Cohort(week)
        results = []
        for size in args.sizes:
            cohort.grow(size)
            seconds, queries, sent = measure(week)
            results.append((size, seconds, queries, sent))
            print(
                f"{size:>3} défis, {cohort.fellows:>3} EIG: {sent:>4} digests queued in "
                f"{seconds * 1000:8.1f} ms, {queries} queries",
                flush=True,
            )
        (size0, t0, q0, n0), (size1, t1, q1, n1) = results[0], results[-1]
        print(
            f"ratio {size1} / {size0} défis: time x{t1 / t0:.2f} for x{n1 / n0:.2f} digests, "
            f"queries {q0} vs {q1} ({'equal' if q0 == q1 else 'NOT EQUAL'})"
        )


if __name__ == "__main__":
    main()
