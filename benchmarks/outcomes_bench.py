"""The outcomes at the size of a long history: /impact/, the public API and the open data export.

Run from the repository root::

    python benchmarks/outcomes_bench.py
    DATABASE_URL=postgres://… python benchmarks/outcomes_bench.py   # flushes that database

It builds a fresh database (SQLite in a temporary folder unless ``DATABASE_URL`` is set),
imports the programme's two real sites from ``../shared/data``, adds a synthetic history of
2 finished cohorts (100 défis, 300 fellows), measures, then grows it to 20 cohorts (1 000
défis, 3 000 fellows: ten years of two promotions) and measures again. For each page: the
p95 of its server time through Django's test client with no cache (every request computes
its figures), its queries and size; then the ratios between the two sizes (target: equal
queries), and the time of ``export_opendata`` at each size. Nothing is asserted.
"""

# ruff: noqa: E402 - the repository root must be on sys.path before importing cohorte.
from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from back_office_bench import configure, measure, table
from history import build_history

SITES = [
    HERE.parent.parent / "shared" / "data" / name
    for name in ("eig-site-jekyll", "eig-site-hugo-sample")
]
PAGES = [
    "/impact/",
    "/api/v1/defis/",
    "/api/v1/defis/?page=2&page_size=100",
    "/api/v1/promotions/",
    "/api/v1/administrations/",
    "/api/v1/personnes/",
    "/api/v1/publications/",
    "/api/v1/chiffres-cles/",
]
SIZES = [(2, 0), (18, 2)]  # (cohorts added, years before the ones already there)


def export_seconds(folder: Path) -> float:
    """Time of one open data export into ``folder``, which must not exist yet."""
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("export_opendata", str(folder), verbosity=0)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="requests per page at most")
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per page at most")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="cohorte-outcomes-"))
    try:
        configure(HERE.parent, var_dir)
        from django.conf import settings
        from django.db import connection
        from django.test import Client
        from rest_framework.settings import api_settings

        from cohorte.content.importers import import_site

        # A benchmark is one client asking many times: the per-client limit would answer 429.
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
        api_settings.reload()
        print(f"Database: {connection.vendor}")
        for site in SITES:
            start = time.perf_counter()
            report = import_site(site)
            print(f"Imported {site.name}: {sum(report.created.values())} rows "
                  f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
        results, exports, total = {}, {}, 0
        for cohorts, offset in SIZES:
            start = time.perf_counter()
            counts = build_history(cohorts=cohorts, offset=offset)
            total += cohorts
            print(f"\n== history of {total} cohorts (+{counts}, built in "
                  f"{time.perf_counter() - start:.0f} s)")  # fmt: skip
            gc.collect()
            gc.freeze()
            rows, results[total] = [], {}
            for url in PAGES:
                result = measure(Client(), url, args.budget, args.rounds)
                results[total][url] = result
                rows.append([url, result["status"], f"{result['ms']:.0f}", result["queries"],
                             f"{result['kb']:.0f}", result["rounds"]])  # fmt: skip
            print(table(["page", "status", "p95 ms", "queries", "KB", "n"], rows))
            exports[total] = export_seconds(var_dir / f"opendata-{total}")
            print(f"export_opendata: {exports[total]:.1f} s")
        base, top = sorted(results)
        print(f"\n== Ratios {top} cohorts / {base} cohorts (target: equal queries)")
        rows = [
            [url, f"{results[top][url]['ms'] / small['ms']:.2f}",
             f"{small['queries']} → {results[top][url]['queries']}",
             "ok" if small["queries"] == results[top][url]["queries"] else "MISSED"]
            for url, small in results[base].items()
        ]  # fmt: skip
        print(table(["page", "time ×", "queries", "constant"], rows))
        print(f"export_opendata × {exports[top] / exports[base]:.2f}")
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
