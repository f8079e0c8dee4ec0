"""Run every benchmark, one after the other: ``python benchmarks/run.py``."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "site_bench.py",
    "selection_bench.py",
    "deadline_rush.py",
    "candidate_cpu.py",
    "front_server_bench.py",
    "back_office_bench.py",
    "export_bench.py",
    "digest_bench.py",
    "cohort_dashboard_bench.py",
    "outcomes_bench.py",
]

if __name__ == "__main__":
    failed = []
    for name in BENCHMARKS:
        print(f"\n######## {name}", flush=True)
        if subprocess.run([sys.executable, str(HERE / name)], cwd=HERE.parent).returncode:
            failed.append(name)
    sys.exit(f"failed: {', '.join(failed)}" if failed else 0)
