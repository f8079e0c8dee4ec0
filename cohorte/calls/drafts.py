"""Saving a form that several tabs, or several people, may have open: the optimistic revision.

Each page carries the revision of the record it was loaded from. A save or a submission
names that revision and is refused when the record was saved since (its revision went
up): nothing newer is overwritten, and the page keeps what was typed in it. Applications
and proposals use this one check.
"""


class DraftError(ValueError):
    """An action on an application or proposal refused, with the message to show its author."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StaleRevision(DraftError):
    """The page was loaded before another save: saving it would overwrite newer text."""


class WindowClosed(DraftError):
    """The call (or the record's session) is not open at this moment."""


class NotAllowed(DraftError):
    """This person may not do this to this record."""


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


def has_unsubmitted_changes(record) -> bool:
    """Whether a submitted application or proposal was edited since its last submission."""
    if not record.version:
        return False
    latest = record.versions.order_by("-number").first()
    return latest is not None and latest.data.get("revision") != record.revision


def file_entries(files, **extra: str) -> list[dict]:
    """The files of a submitted version as plain data: what, how big, which content.

    ``extra`` maps more keys to the file's attributes (``question="question_id"``).
    """
    fields = {"id": "pk", "kind": "kind", **extra}
    fields.update(original_name="original_name", size="size", sha256="sha256")
    return [{key: getattr(f, attribute) for key, attribute in fields.items()} for f in files]
