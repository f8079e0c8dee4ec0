"""A proposal as submitted last: what its readers judge and what a selected défi starts from.

The administration may keep editing a submitted proposal while its session is open; what it
has not submitted again stays its own draft (as for applications,
``reviews.presentation.submitted_answers``).
"""

import copy

from cohorte.calls import drafts

from .models import Proposal


def as_submitted(proposal: Proposal):
    """The proposal as submitted last, that version, and whether the administration changed
    it since (then the proposal returned is an unsaved copy holding that version's content)."""
    version = proposal.versions.order_by("-number").first()
    if not drafts.has_unsubmitted_changes(proposal):
        return proposal, version, False
    shown = copy.copy(proposal)  # never saved: the row keeps the administration's draft
    shown.title = version.data.get("title", proposal.title)
    shown.data = version.data.get("data") or {}
    return shown, version, True


def submitted_file_ids(version) -> set[int]:
    """The ids of the files a submitted version holds."""
    return {f["id"] for f in (version.data if version else {}).get("files", [])}
