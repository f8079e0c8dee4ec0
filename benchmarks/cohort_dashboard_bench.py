"""The team's follow-up dashboard of a running cohort, at 20 then 60 défis.

Run from the repository root::

    python benchmarks/cohort_dashboard_bench.py                   # 20 then 60 défis
    python benchmarks/cohort_dashboard_bench.py --sizes 20 60 120
    DATABASE_URL=postgres://… python benchmarks/cohort_dashboard_bench.py  # flushes it

It builds a fresh database (SQLite in a temporary folder unless ``DATABASE_URL`` is set)
and a running cohort in its eleventh month, then grows it to each size in turn: about 200
fellows for 60 défis (10 for 3), each with an account and marked present at most of the
cohort's 10 monthly mandatory sessions, 10 monthly check-ins per défi each with an action
(most of them done), 3 milestones and a bulletin a week per défi. It measures the dashboard
through Django's test client (server time, no network): the p95 of N requests, its
queries and HTML size, and prints the ratios of each size against the first (targets:
p95 < 150 ms, equal queries). Nothing is asserted.
"""

# ruff: noqa: E402 - the repository root must be on sys.path before importing cohorte.
from __future__ import annotations

import argparse
import datetime
import gc
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from back_office_bench import configure, measure, set_up, table, with_second_factor

SEED = 2026
MONTHS, FELLOWS_PER_60 = 10, 200
TARGET_MS = 150
WEATHERS = ["on_track"] * 6 + ["at_risk"] * 3 + ["blocked"]


class World:
    """A running cohort, its team account, and its défis grown to a number."""

    def __init__(self):
        from cohorte.accounts.roles import add_to_team
        from cohorte.programmes.models import Cohort
        from tests.factories import CohortFactory, UserFactory

        self.rng = random.Random(SEED)
        self.today = datetime.date.today()
        self.cohort = CohortFactory(
            name="Promotion du banc d'essai",
            status=Cohort.Status.RUNNING,
            start_date=self.today - datetime.timedelta(days=30 * MONTHS + 5),
        )
        set_up(self.cohort.programme)
        self.team = UserFactory(username="equipe")
        add_to_team(self.team)
        with_second_factor()
        self.challenges = []
        self.sessions = self._programme()

    def _programme(self) -> list:
        """The cohort's monthly mandatory sessions for its fellows, all past."""
        from django.utils import timezone

        from cohorte.events.models import Event

        start = timezone.now() - datetime.timedelta(days=30 * MONTHS)
        return Event.objects.bulk_create(
            Event(
                cohort=self.cohort,
                kind=Event.Kind.MONTHLY,
                title=f"Session {month + 1}",
                format=Event.Format.ON_SITE,
                place="Ségur",
                mandatory=True,
                audience=Event.Audience.FELLOWS,
                starts_at=start + datetime.timedelta(days=30 * month),
                ends_at=start + datetime.timedelta(days=30 * month, hours=3),
            )  # fmt: skip
            for month in range(MONTHS)
        )

    def grow(self, size: int) -> None:
        from django.utils import timezone

        from cohorte.bulletins.models import Bulletin
        from cohorte.events.models import Attendance
        from cohorte.followup.models import Action, CheckIn, Milestone
        from cohorte.people.models import Role
        from tests.factories import ChallengeFactory, PersonFactory, RoleFactory, UserFactory

        rng, start = self.rng, self.cohort.start_date
        while len(self.challenges) < size:
            n = len(self.challenges)
            challenge = ChallengeFactory(cohort=self.cohort, title=f"Défi {n:03}")
            self.challenges.append(challenge)
            # 200 fellows for 60 défis: 3 or 4 each.
            fellows = []
            for _ in range(FELLOWS_PER_60 * (n + 1) // 60 - FELLOWS_PER_60 * n // 60):
                person = PersonFactory(user=UserFactory())
                RoleFactory(
                    kind=Role.Kind.FELLOW, challenge=challenge, cohort=self.cohort, person=person,
                )  # fmt: skip
                fellows.append(person.user)
            # Most fellows come to each monthly mandatory session; a few miss some.
            Attendance.objects.bulk_create(
                Attendance(event=event, user=user)
                for event in self.sessions
                for user in fellows
                if rng.random() < 0.85
            )
            check_ins = CheckIn.objects.bulk_create(
                CheckIn(
                    challenge=challenge,
                    held_on=start + datetime.timedelta(days=20 + 30 * month),
                    weather=rng.choice(WEATHERS),
                    progress="Avancées du mois.",
                )
                for month in range(MONTHS)
            )
            Action.objects.bulk_create(
                Action(
                    challenge=challenge,
                    title="Action du point",
                    owner=self.team,
                    check_in=check_in,
                    due_on=check_in.held_on + datetime.timedelta(days=21),
                    done_on=check_in.held_on + datetime.timedelta(days=15)
                    if rng.random() < 0.7
                    else None,
                )  # fmt: skip
                for check_in in check_ins
            )
            Milestone.objects.bulk_create(
                Milestone(
                    challenge=challenge,
                    kind=kind,
                    title=kind,
                    due_on=start + datetime.timedelta(days=days),
                    status=status,
                )  # fmt: skip
                for kind, days, status in (
                    ("first_users", 90, "done"),
                    ("in_production", 200, rng.choice(["planned", "in_progress", "done"])),
                    ("code_published", 400, "planned"),
                )
            )
            weeks = (self.today - start).days // 7
            Bulletin.objects.bulk_create(
                Bulletin(
                    challenge=challenge,
                    week=start + datetime.timedelta(weeks=week),
                    done="La semaine.",
                    published_at=timezone.now() - datetime.timedelta(weeks=weeks - week)
                    if rng.random() < 0.9
                    else None,
                )  # fmt: skip
                for week in range(weeks)
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 60])
    parser.add_argument("--rounds", type=int, default=30, help="requests per page at most")
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per page at most")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="cohorte-cohort-dashboard-"))
    try:
        configure(HERE.parent, var_dir)
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        world = World()
        print(f"Database: {connection.vendor}")
        url = reverse("followup:dashboard", args=[world.cohort.pk])
        pages = {"dashboard": url, "dashboard, alerts only, by météo": f"{url}?alertes=1&tri=meteo"}
        results: dict[int, dict[str, dict]] = {}
        for size in sorted(args.sizes):
            started = time.perf_counter()
            world.grow(size)
            print(f"\n== {size} défis (built in {time.perf_counter() - started:.0f} s)")
            gc.collect()
            gc.freeze()
            client = Client()
            client.force_login(world.team)
            results[size] = {
                name: measure(client, page, args.budget, args.rounds)
                for name, page in pages.items()
            }
            print(
                table(
                    ["page", "status", "p95 ms", "queries", "HTML KB", "n"],
                    [
                        [
                            name,
                            r["status"],
                            f"{r['ms']:.0f}",
                            r["queries"],
                            f"{r['kb']:.0f}",
                            r["rounds"],
                        ]
                        for name, r in results[size].items()
                    ],
                )
            )
        base = min(results)
        for top in sorted(results)[1:]:
            print(
                f"\n== Ratios {top} / {base} défis (targets: p95 < {TARGET_MS} ms, equal queries)"
            )
            rows = []
            for name, small in results[base].items():
                large = results[top][name]
                ok = large["ms"] < TARGET_MS and large["queries"] == small["queries"]
                rows.append(
                    [name, f"{large['ms'] / small['ms']:.2f}",
                     f"{small['queries']} → {large['queries']}",
                     f"{large['kb'] / small['kb']:.2f}", "ok" if ok else "MISSED"]
                )  # fmt: skip
            print(table(["page", "time ×", "queries", "HTML ×", "targets"], rows))
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
