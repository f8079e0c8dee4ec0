"""Export benchmark: time and peak memory of each export format at 2 000 and 20 000 rows.

Run from the repository root::

    python benchmarks/export_bench.py                     # 2 000 then 20 000 rows
    python benchmarks/export_bench.py --sizes 2000 5000   # other sizes
    python benchmarks/export_bench.py --root ../main      # another checkout (a baseline)

Each (format, size) runs in a fresh process that exports generated rows of every kind of
value (text with line breaks and formulas, numbers, dates, date-times, yes/no, lists) with
``cohorte.calls.exports`` and reads the file to its end, as a response would be sent. It
prints the time, the peak Python memory (tracemalloc, a second run) and the growth of the
process's peak RSS, then the ratios of the largest size against the first one: memory
ratios near 1 mean an export holds the same memory whatever its number of rows. Checkouts
without ``stream_table`` are measured through ``export_table`` (the whole file in memory).
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMATS = ["csv", "csv-fr", "xlsx", "ods"]
COLUMNS = [
    ("id", "N°"),
    ("name", "Nom"),
    ("note", "Note"),
    ("at", "Déposée le"),
    ("day", "Né le"),
    ("ok", "OK"),
    ("choices", "Choix"),
    ("text", "Motivation"),
]


def rows(count: int):
    """``count`` rows made one at a time, as a database cursor would give them."""
    start = datetime.datetime(2031, 3, 1, 8, 30, tzinfo=datetime.UTC)
    for index in range(count):
        yield {
            "id": index,
            "name": f"Camille Dubois n°{index}",
            "note": index % 20 + 0.5,
            "at": start + datetime.timedelta(minutes=index),
            "day": datetime.date(1990, 1, 1) + datetime.timedelta(days=index % 9000),
            "ok": index % 2 == 0,
            "choices": ["Défi A", f"Défi {index % 60}"],
            "text": f"=cmd {index}\n  deuxième ligne\tavec une tabulation & <balise>",
        }


def export(exports, fmt: str, count: int) -> int:
    """Export ``count`` rows and read the file to its end; its size in bytes."""
    if hasattr(exports, "stream_table"):
        chunks = exports.stream_table(COLUMNS, rows(count), fmt, "Appel national")[0]
        return sum(len(chunk) for chunk in chunks)
    return len(exports.export_table(COLUMNS, rows(count), fmt, "Appel national")[0])


def child(root: Path, fmt: str, count: int) -> None:
    """Measure one export in this process and print it as JSON."""
    sys.path.insert(0, str(root))
    from cohorte.calls import exports

    export(exports, fmt, 2)  # imports and first-use caches are not the export's memory
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    size = export(exports, fmt, count)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    tracemalloc.start()
    export(exports, fmt, count)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({"seconds": seconds, "peak": peak, "rss": rss * 1024, "bytes": size}))


def measure(root: Path, fmt: str, count: int) -> dict:
    """One export measured in a fresh process (peak RSS only ever grows within one)."""
    command = [sys.executable, __file__, "--child", fmt, str(count), "--root", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--formats", nargs="+", default=FORMATS, choices=FORMATS)
    parser.add_argument("--root", type=Path, default=HERE.parent, help="checkout to measure")
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "ROWS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.root.resolve(), args.child[0], int(args.child[1]))
        return
    mib = 1024 * 1024
    print(f"exports of {args.root.resolve()}")
    print(f"{'format':8} {'rows':>7} {'time s':>8} {'peak MiB':>9} {'RSS MiB':>8} {'file KiB':>9}")
    for fmt in args.formats:
        figures = []
        for count in args.sizes:
            cost = measure(args.root.resolve(), fmt, count)
            figures.append(cost)
            print(
                f"{fmt:8} {count:>7} {cost['seconds']:>8.2f} {cost['peak'] / mib:>9.2f} "
                f"{cost['rss'] / mib:>8.2f} {cost['bytes'] / 1024:>9.0f}",
                flush=True,
            )
        first, last = figures[0], figures[-1]
        print(
            f"{fmt:8} {'ratio':>7} {last['seconds'] / first['seconds']:>8.1f} "
            f"{last['peak'] / first['peak']:>9.2f} "
            f"{(last['rss'] or 1) / (first['rss'] or 1):>8.2f} "
            f"{last['bytes'] / first['bytes']:>9.1f}   ({args.sizes[-1]} / {args.sizes[0]} rows)"
        )


if __name__ == "__main__":
    main()
