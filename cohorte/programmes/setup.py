"""The first run of a new instance: its programme, its first team account, its first cohort.

Until the setup is done, every page says so; afterwards it is closed for good. Whoever
reaches a new instance first must not become its team: the first step asks for a one-time
code that only the operator can read, in the server's log or from ``manage.py setup_code``.
"""

import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from cohorte.audit.domain import record

from .models import Cohort, Programme

logger = logging.getLogger(__name__)

CODE_KEY = "programmes:setup-code"
_done = False  # once true in a process, never false again


def setup_needed() -> bool:
    """Whether this instance still waits for its first-run setup."""
    global _done
    if _done or not getattr(settings, "COHORTE_SETUP_REQUIRED", True):
        return False
    _done = Programme.objects.filter(setup_completed_at__isnull=False).exists()
    return not _done


def forget() -> None:
    """Check the database again (tests that go through the setup twice)."""
    global _done
    _done = False


def _digest(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def new_code() -> str:
    """A fresh one-time code (the previous one stops working)."""
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    cache.set(CODE_KEY, _digest(code), timeout=None)
    return code


def ensure_code() -> None:
    """Write a code to the server's log if none is waiting (the cache may have been emptied)."""
    if cache.get(CODE_KEY) is None:
        code = new_code()
        logger.warning(
            "Installation de Cohorte : code d'installation %s (ou « manage.py setup_code »).", code
        )


def code_is_right(code: str) -> bool:
    """Whether a code typed at the first step is the one waiting."""
    expected = cache.get(CODE_KEY)
    return bool(expected) and hmac.compare_digest(expected, _digest(code))


def current_programme() -> Programme | None:
    """The programme being set up (the instance's first)."""
    return Programme.objects.order_by("pk").first()


@transaction.atomic
def save_programme(form, actor=None) -> Programme:
    """Create or update the instance's programme from the first step's form."""
    programme = form.save()
    record("setup.programme_saved", programme, actor=actor)
    return programme


@transaction.atomic
def complete(programme: Programme, *, name: str, number, year, actor) -> Cohort:
    """Create the first cohort and close the setup for good."""
    from cohorte.calls.configuration import create_cohort

    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.setup_completed_at is not None:
        raise AlreadyDone
    cohort = create_cohort(programme=programme, name=name, number=number, year=year, actor=actor)
    programme.setup_completed_at = timezone.now()
    programme.save(update_fields=["setup_completed_at"])
    cache.delete(CODE_KEY)
    record("setup.completed", programme, actor=actor, cohort=cohort.name)
    return cohort


class AlreadyDone(Exception):
    """The setup was completed meanwhile (a second tab, a double click)."""
