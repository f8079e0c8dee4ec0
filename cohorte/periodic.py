"""Periodic jobs: a tiny registry, run by `manage.py run_periodic` (cron) or the embedded server.

A job registers with how often it runs::

    @periodic.register("application_reminders", every=timedelta(minutes=5))
    def reminders(now):
        ...

:func:`run_due` runs every job whose period has elapsed since its last run. Each runner
claims a job with one conditional UPDATE of its ``PeriodicRun`` row, so that several
runners (cron on two machines, the embedded thread) never run the same job twice for one
period. Jobs must be idempotent anyway: a job that fails is tried again next period.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A registered periodic job."""

    name: str
    every: datetime.timedelta
    func: Callable[[datetime.datetime], object]


_jobs: dict[str, Job] = {}


def register(name: str, every: datetime.timedelta):
    """Decorator: run ``func(now)`` every ``every`` (at most)."""

    def decorator(func):
        _jobs[name] = Job(name, every, func)
        return func

    return decorator


def jobs() -> list[Job]:
    """Registered jobs, by name."""
    return [_jobs[name] for name in sorted(_jobs)]


def _claim(job: Job, now: datetime.datetime) -> bool:
    from cohorte.calls.models import PeriodicRun

    PeriodicRun.objects.get_or_create(name=job.name)
    due = Q(last_run_at__isnull=True) | Q(last_run_at__lte=now - job.every)
    return bool(PeriodicRun.objects.filter(due, name=job.name).update(last_run_at=now))


def run_due(now: datetime.datetime | None = None, force: bool = False) -> dict[str, str]:
    """Run each due job once; returns {job name: "ok" | "error"} for the jobs that ran."""
    from cohorte.calls.models import PeriodicRun

    now = now or timezone.now()
    results = {}
    for job in jobs():
        if force:
            PeriodicRun.objects.update_or_create(name=job.name, defaults={"last_run_at": now})
        elif not _claim(job, now):
            continue
        try:
            job.func(now)
        except Exception as error:
            logger.exception("periodic job %s failed", job.name)
            PeriodicRun.objects.filter(name=job.name).update(
                last_error=f"{type(error).__name__}: {error}"[:2000]
            )
            results[job.name] = "error"
        else:
            PeriodicRun.objects.filter(name=job.name).update(last_error="")
            results[job.name] = "ok"
    return results
