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


def _latest_versions(proposals) -> dict:
    from .models import ProposalVersion

    latest = {}
    versions = ProposalVersion.objects.filter(proposal__in=[p.pk for p in proposals])
    for version in versions.order_by("proposal_id", "number").only("proposal_id", "data"):
        latest[version.proposal_id] = version  # the highest number comes last
    return latest


def all_as_submitted(proposals) -> list[Proposal]:
    """Each proposal as submitted last (an unsaved copy where edited since), read in one
    query; their annotations are kept."""
    proposals = list(proposals)
    latest = _latest_versions(proposals)
    shown = []
    for proposal in proposals:
        version = latest.get(proposal.pk)
        if proposal.version and version and version.data.get("revision") != proposal.revision:
            proposal = copy.copy(proposal)
            proposal.title = version.data.get("title", proposal.title)
            proposal.data = version.data.get("data") or {}
        shown.append(proposal)
    return shown


def submitted_data(proposals) -> dict[int, dict]:
    """Each proposal's data as submitted last, keyed by id, read in one query."""
    return {p.pk: p.data or {} for p in all_as_submitted(proposals)}
