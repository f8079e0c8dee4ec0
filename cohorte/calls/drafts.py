"""Saving a form that several tabs, or several people, may have open: the optimistic revision.

Each page carries the revision of the record it was loaded from. A save or a submission
names that revision and is refused when the record was saved since (its revision went
up): nothing newer is overwritten, and the page keeps what was typed in it. Applications
and proposals use this one check.
"""


def is_stale(record, revision) -> bool:
    """Whether a page loaded at ``revision`` is older than ``record``'s last save."""
    try:
        return int(revision) != record.revision
    except (TypeError, ValueError):
        return True  # a page without a readable revision cannot prove it is up to date


def ensure_latest(record, revision, error: Exception) -> None:
    """Raise ``error`` (the caller's own, with its message) when ``revision`` is stale."""
    if is_stale(record, revision):
        raise error
