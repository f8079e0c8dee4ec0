"""Back office benchmark: every work page of every role at the size of a national call.

Run from the repository root::

    python benchmarks/back_office_bench.py                    # 2 000 then 20 000 applications
    python benchmarks/back_office_bench.py --sizes 2000 5000  # other sizes
    DATABASE_URL=postgres://… python benchmarks/back_office_bench.py   # that database is flushed

It builds a fresh database (SQLite in a temporary folder unless ``DATABASE_URL`` is set),
a call for applications with 60 défis and 3 profiles, 40 reviewers (10 of the team, 30
mentors of two défis each), 10 interview panels, then grows the call to each size in turn:
submitted applications with 3 choices each, 5 preselection reviews each, one interview in
fifty with its grid, rankings of every défi and a decision staged for the ranked, and a
call for projects of size / 20 proposals (see back_office_projects.py). For
each page it measures, through Django's test client (server time, no network), the p95
of the time, the number of queries and the size of the HTML, and prints the ratios of
the largest size against the first one (targets: p95 < 150 ms, HTML < 300 KB, equal
queries). ``--root`` runs the same measure on another checkout (main, for a baseline).
Nothing is asserted.
"""

# ruff: noqa: E402 - the repository root must be on sys.path before importing cohorte.
from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 2026
CHALLENGES, PROFILES, TEAM, MENTORS, PANELS = 60, 3, 10, 30, 10
REVIEWS_PER_APPLICATION, CHOICES_PER_APPLICATION = 5, 3
INTERVIEW_RATIO = 50  # one application in fifty is interviewed: 400 at 20 000
TARGET_MS, TARGET_KB = 150, 300
FIRST = [
    "Camille",
    "Dominique",
    "Alex",
    "Sacha",
    "Léa",
    "Chloé",
    "Noé",
    "Zoé",
    "Élise",
    "Jérôme",
    "Hélène",
    "Loïc",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Lefèvre",
    "Moreau",
    "Éluard",
]


def configure(root: Path, var_dir: Path) -> None:
    """Import Django from ``root`` with a throw-away configuration."""
    sys.path.insert(0, str(root))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cohorte.settings",
        COHORTE_VAR_DIR=str(var_dir),
        DEBUG="0",
        SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="testserver",
        SITE_URL="https://cohorte.example.org",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="ERROR",
        CACHE_BACKEND="django.core.cache.backends.dummy.DummyCache",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Plain static URLs: no collectstatic manifest to build for a measure of the server.
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )

    if os.environ.get("DATABASE_URL"):
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)


def name_key_of(last_name: str, first_name: str) -> dict:
    """The stored name key of a bulk-created application, on checkouts that have one."""
    from cohorte import search

    if not hasattr(search, "name_key"):  # a baseline measured with ``--root``
        return {}
    return {"sort_name": search.name_key(last_name, first_name)}


def set_up(programme) -> None:
    """Mark ``programme`` past its first-run setup: an instance in use, whose pages answer."""
    from django.utils import timezone

    programme.setup_completed_at = timezone.now()
    programme.save(update_fields=["setup_completed_at"])


def with_second_factor() -> None:
    """Give every staff account its TOTP authenticator, as production requires before any
    work page (the sign-in itself is not measured: clients are logged in directly)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model

    from cohorte.accounts.idle import watched

    for user in get_user_model().objects.all():
        if watched(user):
            TOTP.activate(user, generate_totp_secret())


class World:
    """The call and the people of the benchmark, grown to a number of applications."""

    def __init__(self):
        from cohorte.accounts.roles import add_to_team
        from cohorte.people.models import Role
        from tests.factories import (
            ApplicationCallFactory,
            ChallengeFactory,
            ExpertiseFactory,
            PanelFactory,
            PersonFactory,
            UserFactory,
        )

        self.rng = random.Random(SEED)
        self.call = ApplicationCallFactory(title="Appel national", slug="appel-national")
        set_up(self.call.cohort.programme)
        self.challenges = [
            ChallengeFactory(cohort=self.call.cohort, seats=2) for _ in range(CHALLENGES)
        ]
        self.call.challenges.add(*self.challenges)
        self.profiles = [ExpertiseFactory() for _ in range(PROFILES)]
        self.call.profiles.add(*self.profiles)
        self.criteria = list(self.call.grid.criteria.all())
        self.round = self.call.rounds.first()
        self.team = [UserFactory(username=f"equipe{i}") for i in range(TEAM)]
        for user in self.team:
            add_to_team(user)
        self.director = UserFactory(username="direction")
        add_to_team(self.director, director=True)
        self.mentors = []
        for index in range(MENTORS):
            user = UserFactory(username=f"mentor{index}")
            person = PersonFactory(user=user)
            for challenge in self.challenges[2 * index : 2 * index + 2]:
                Role.objects.create(
                    person=person,
                    kind=Role.Kind.OPERATIONAL_MENTOR,
                    challenge=challenge,
                    cohort=challenge.cohort,
                )
            self.mentors.append(user)
        self.reviewers = self.team + self.mentors
        self.panels, self.jurors = [], []
        for index in range(PANELS):
            members = [UserFactory(username=f"jure{index}-{m}") for m in range(3)]
            panel = PanelFactory(call=self.call, name=f"Jury {index + 1}", referee=members[0])
            panel.members.add(*members)
            panel.challenges.add(*self.challenges[6 * index : 6 * index + 6])
            self.panels.append(panel)
            self.jurors.extend(members)
        from back_office_projects import ProjectsWorld

        self.projects = ProjectsWorld(self.team, self.director, SEED)
        with_second_factor()
        self.size = 0

    def scores(self):
        values = {str(c.pk): self.rng.randint(c.scale_min, c.scale_max) for c in self.criteria}
        return values, sum(values.values())

    def grow(self, size: int) -> None:
        """Add submitted applications until the call has ``size`` of them."""
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from cohorte.calls.models import Application, ApplicationChoice
        from cohorte.reviews.models import Review
        from cohorte.search import search_text

        rng, start, now = self.rng, self.size, timezone.now()
        for first in range(start, size, 2000):
            indexes = range(first, min(first + 2000, size))
            users = get_user_model().objects.bulk_create(
                get_user_model()(username=f"cand{i}", email=f"cand{i}@example.org") for i in indexes
            )
            applications = []
            for index, user in zip(indexes, users, strict=True):
                first_name, last_name = rng.choice(FIRST), f"{rng.choice(LAST)} {index}"
                answers = {"1": f"Expérience {index}", "2": "Motivation pour le service public"}
                moment = now - timezone.timedelta(minutes=index)
                applications.append(
                    Application(
                        call=self.call,
                        round=self.round,
                        candidate=user,
                        first_name=first_name,
                        last_name=last_name,
                        answers=answers,
                        status=Application.Status.SUBMITTED,
                        submitted_at=moment,
                        first_submitted_at=moment,
                        version=1,
                        search_text=search_text(first_name, last_name, answers),
                        **name_key_of(last_name, first_name),
                    )
                )
            applications = Application.objects.bulk_create(applications)
            choices, reviews = [], []
            for application in applications:
                for rank, challenge in enumerate(
                    rng.sample(self.challenges, CHOICES_PER_APPLICATION), start=1
                ):
                    choices.append(
                        ApplicationChoice(
                            application=application,
                            rank=rank,
                            challenge=challenge,
                            profile=rng.choice(self.profiles),
                        )
                    )
                for reviewer in rng.sample(self.reviewers, REVIEWS_PER_APPLICATION):
                    scores, total = self.scores()
                    reviews.append(
                        Review(
                            application=application,
                            call=self.call,  # bulk_create skips the save that writes it
                            reviewer=reviewer,
                            stage=Review.Stage.PRESELECTION,
                            scores=scores,
                            total=total,
                            recommendation=rng.choice(Review.Recommendation.values),
                        )
                    )
            ApplicationChoice.objects.bulk_create(choices)
            Review.objects.bulk_create(reviews, batch_size=1000)
        self.size = size
        self._interviews(start)
        self.projects.grow(size)
        self._matching_run()
        # The database's own maintenance done, as it is on a database in use: fresh
        # statistics (without them PostgreSQL plans for the small tables it saw last), and
        # on PostgreSQL the vacuum that autovacuum runs after a bulk load (index-only scans
        # read the visibility map it sets; these machines' server has autovacuum off).
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    def _matching_run(self) -> None:
        """A matching run of the interviewed and ranked, so that the matching page shows
        a result at each size (ties broken by order: quick, and enough to measure the page)."""
        from cohorte.selection.matching_runs import run_matching

        run_matching(self.call, self.team[0], ties="break", time_limit=10)

    def _interviews(self, start: int) -> None:
        """Shortlist one new application in fifty, interview it, rank it and stage it."""
        from django.db.models import Count
        from django.utils import timezone

        from cohorte.calls.models import Application
        from cohorte.reviews.models import Review
        from cohorte.selection.models import Decision, InterviewSlot, RankingEntry

        new = list(
            Application.objects.filter(call=self.call)
            .order_by("pk")[start:]
            .prefetch_related("choices")
        )
        chosen = new[::INTERVIEW_RATIO]
        Application.objects.filter(pk__in=[a.pk for a in chosen]).update(
            status=Application.Status.SHORTLISTED,
            eligibility=Application.Eligibility.ELIGIBLE,
            completeness=Application.Completeness.COMPLETE,
        )
        by_challenge = {c.pk: p for p in self.panels for c in p.challenges.all()}
        slots, grids, entries, decisions = [], [], [], []
        positions = dict(
            RankingEntry.objects.filter(call=self.call)
            .values_list("challenge")
            .annotate(n=Count("pk"))
            .order_by()
        )
        starts = timezone.now() - timezone.timedelta(days=10)
        for index, application in enumerate(chosen):
            choice = application.choices.all()[0]
            panel = by_challenge[choice.challenge_id]
            slots.append(
                InterviewSlot(
                    panel=panel,
                    application=application,
                    challenge_id=choice.challenge_id,
                    starts_at=starts + timezone.timedelta(minutes=30 * index),
                )
            )
            scores, total = self.scores()
            grids.append(
                Review(
                    application=application,
                    call=self.call,
                    reviewer_id=panel.referee_id,
                    panel=panel,
                    challenge_id=choice.challenge_id,
                    stage=Review.Stage.INTERVIEW,
                    scores=scores,
                    total=total,
                    recommendation=Review.Recommendation.YES,
                )
            )
            position = positions.get(choice.challenge_id, 0) + 1
            positions[choice.challenge_id] = position
            entries.append(
                RankingEntry(
                    call=self.call,
                    challenge_id=choice.challenge_id,
                    profile_id=choice.profile_id,
                    application=application,
                    position=position,
                    waiting_list=position > 3,
                )
            )
            if position <= 2 and index % 2 == 0:  # the others wait for the team
                decisions.append(
                    Decision(
                        application=application,
                        outcome=Decision.Outcome.SELECTED,
                        challenge_id=choice.challenge_id,
                        profile_id=choice.profile_id,
                        staged_by=self.team[0],
                    )
                )
        InterviewSlot.objects.bulk_create(slots)
        Review.objects.bulk_create(grids)
        RankingEntry.objects.bulk_create(entries)
        Decision.objects.bulk_create(decisions)

    def pages(self) -> list[tuple[str, str, object]]:
        """(role, page, user) of every work page measured, with its URL in ``page``."""
        from django.urls import reverse

        call, slug = self.call, self.call.slug
        team, mentor, juror = self.team[0], self.mentors[0], self.panels[0].referee

        def appel(name, **extra):
            query = "&".join(f"{k}={v}" for k, v in {"appel": slug, **extra}.items())
            return f"{reverse(name)}?{query}"

        return [
            ("team", reverse("team:home"), team),
            ("team", reverse("team:application_list", args=[call.pk]), team),
            ("team", reverse("team:application_list", args=[call.pk]) + "?sort=name", team),
            ("team", reverse("team:application_list", args=[call.pk]) + "?q=martin", team),
            ("team", appel("reviews:home"), team),
            ("team", appel("reviews:home", tri="name", etat="a-faire"), team),
            ("team", appel("selection:home"), team),
            ("team", reverse("selection:panel_detail", args=[self.panels[0].pk]), team),
            ("team", reverse("selection:rankings", args=[slug]), team),
            (
                "team",
                reverse("selection:ranking", args=[slug]) + f"?defi={self.challenges[0].pk}",
                team,
            ),
            ("team", appel("selection:decisions"), team),
            ("team", appel("selection:decision_preview"), team),
            ("team", appel("selection:decision_outbox"), team),
            ("team", appel("selection:matching"), team),
            ("team", appel("selection:matching", etat="sans-place", q="martin", page=2), team),
            ("team", appel("selection:scheduling"), team),
            ("director", appel("selection:validation"), self.director),
            ("mentor", appel("reviews:home"), mentor),
            ("juror", appel("selection:home"), juror),
            ("juror", reverse("selection:panel_detail", args=[self.panels[0].pk]), juror),
        ] + self.projects.pages()


def measure(client, url: str, budget: float, rounds: int) -> dict:
    """Status, p95 (ms), queries and HTML size of ``url``, repeated within ``budget`` s."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the warm-up: per-process caches (content types, templates) fill here
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries)  # read now: the next requests clear Django's query log
    timings, spent = [], 0.0
    while len(timings) < rounds and (len(timings) < 3 or spent < budget):
        start = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - start)
        spent += timings[-1]
    p95 = statistics.quantiles(timings, n=20)[18] if len(timings) > 1 else timings[0]
    return {
        "status": response.status_code,
        "ms": p95 * 1000,
        "queries": count,
        "kb": len(response.content) / 1024,
        "rounds": len(timings),
    }


def table(headers: list[str], rows: list[list[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--rounds", type=int, default=20, help="requests per page at most")
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per page at most")
    parser.add_argument("--root", type=Path, default=HERE.parent, help="checkout to measure")
    parser.add_argument("--only", nargs="*", default=[], help="measure URLs containing these")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="cohorte-back-office-"))
    try:
        configure(args.root.resolve(), var_dir)
        from django.db import connection
        from django.test import Client

        started = time.perf_counter()
        world = World()
        results: dict[int, dict[tuple[str, str], dict]] = {}
        print(f"Database: {connection.vendor}; checkout: {args.root.resolve()}")
        for size in sorted(args.sizes):
            started = time.perf_counter()
            world.grow(size)
            print(f"\n== {size} applications (built in {time.perf_counter() - started:.0f} s)")
            # The generator's objects stay alive in this process, unlike in a web worker:
            # frozen, the garbage collector stops walking them during the measured requests.
            gc.collect()
            gc.freeze()
            rows, results[size] = [], {}
            for role, url, user in world.pages():
                if args.only and not any(part in url for part in args.only):
                    continue
                client = Client()
                client.force_login(user)
                result = measure(client, url, args.budget, args.rounds)
                results[size][role, url] = result
                rows.append(
                    [role, url, result["status"], f"{result['ms']:.0f}", result["queries"],
                     f"{result['kb']:.0f}", result["rounds"]]
                )  # fmt: skip
            print(table(["role", "page", "status", "p95 ms", "queries", "HTML KB", "n"], rows))
        sizes = sorted(results)
        if len(sizes) > 1:
            base, top = sizes[0], sizes[-1]
            print(f"\n== Ratios {top} / {base} (targets: p95 < {TARGET_MS} ms, "
                  f"HTML < {TARGET_KB} KB, equal queries)")  # fmt: skip
            rows = []
            for key, small in results[base].items():
                large = results[top][key]
                rows.append(
                    [key[0], key[1], f"{large['ms'] / small['ms']:.2f}",
                     f"{small['queries']} → {large['queries']}",
                     f"{large['kb'] / small['kb']:.2f}",
                     "ok" if large["ms"] < TARGET_MS and large["kb"] < TARGET_KB
                     and large["queries"] == small["queries"] else "MISSED"]
                )  # fmt: skip
            print(table(["role", "page", "time ×", "queries", "HTML ×", "targets"], rows))
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
