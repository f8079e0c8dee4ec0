"""CPU time of processes and of the machine, read from Linux's /proc (in seconds).

A benchmark takes a ``snapshot`` before and after its load and prints the ``split``: how
much CPU the web server's workers, the PostgreSQL server, the load generator and the rest of
the machine used in between. Where /proc cannot be read (not Linux, hidden processes),
``snapshot`` raises ``OSError``: the caller says so instead of failing.
"""

import os
import resource
import time
from pathlib import Path

PROC = Path("/proc")
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100  # clock ticks per second


def stat(pid: int) -> dict:
    """The fields of /proc/<pid>/stat a split needs: comm, ppid and CPU seconds."""
    text = (PROC / str(pid) / "stat").read_text()
    # comm is in parentheses and may hold spaces or parentheses itself: cut at the last one.
    comm = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    return {
        "comm": comm,
        "ppid": int(fields[1]),
        "own": (int(fields[11]) + int(fields[12])) / TICK,  # utime + stime
        "children": (int(fields[13]) + int(fields[14])) / TICK,  # cutime + cstime (reaped)
    }


def processes() -> dict[int, dict]:
    """Every process that can be read now, by pid (one that ends meanwhile is left out)."""
    found = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                found[int(entry.name)] = stat(int(entry.name))
            except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
                continue
    if not found:
        raise OSError(f"no process readable in {PROC}")
    return found


def family_cpu(table: dict[int, dict], parent: int, comm: str | None = None) -> float:
    """CPU seconds of ``parent``'s children (those named ``comm`` when given), those that
    ended included (the parent's reaped children's time); the parent's own when it is one of
    them by name."""
    if parent not in table:
        raise OSError(f"process {parent} not found in {PROC}")
    total = table[parent]["children"]
    if comm is not None and table[parent]["comm"] == comm:
        total += table[parent]["own"]
    for row in table.values():
        if row["ppid"] == parent and (comm is None or row["comm"] == comm):
            total += row["own"]
    return total


def machine_cpu() -> tuple[float, float]:
    """(busy, idle) CPU seconds of all the cores since boot, from /proc/stat's cpu line."""
    line = (PROC / "stat").read_text().splitlines()[0].split()
    user, nice, system, idle, iowait, irq, softirq, steal = (int(v) for v in line[1:9])
    # guest time is already counted in user time.
    return (user + nice + system + irq + softirq + steal) / TICK, (idle + iowait) / TICK


def snapshot(web_master: int, database_server: int) -> dict:
    """CPU seconds so far of the web workers (children of ``web_master``), of the
    PostgreSQL server (``database_server``, the postmaster, and its processes), of this
    process, and of the machine."""
    table = processes()
    busy, idle = machine_cpu()
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "wall": time.perf_counter(),
        "web": family_cpu(table, web_master),
        "database": family_cpu(table, database_server, "postgres"),
        "client": own.ru_utime + own.ru_stime,
        "busy": busy,
        "idle": idle,
    }


def split(before: dict, after: dict) -> dict:
    """CPU seconds used between two snapshots: web, database, client, other (the machine's
    busy time left), idle, and wall (seconds elapsed)."""
    used = {key: after[key] - before[key] for key in before}
    used["other"] = used["busy"] - used["web"] - used["database"] - used["client"]
    return used
