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


def submitted_values(proposals, keys) -> dict[int, dict]:
    """Some ``keys`` of each proposal's data as submitted last, keyed by id: what
    ``submitted_data`` holds for them (None where missing), read in two queries without
    decoding whole documents."""
    from .models import ProposalVersion

    own = {
        pk: (version, revision, dict(zip(keys, values, strict=True)))
        for pk, version, revision, *values in proposals.order_by().values_list(
            "pk", "version", "revision", *(f"data__{key}" for key in keys)
        )
    }
    # Each version's revision and keys, the highest number last: it is the one that counts.
    latest = {}
    versions = ProposalVersion.objects.filter(proposal_id__in=list(own)).order_by(
        "proposal_id", "number"
    )
    for proposal_id, revision, *values in versions.values_list(
        "proposal_id", "data__revision", *(f"data__data__{key}" for key in keys)
    ):
        latest[proposal_id] = (revision, dict(zip(keys, values, strict=True)))
    result = {}
    for pk, (version, revision, values) in own.items():
        submitted = latest.get(pk)
        # As all_as_submitted: changed since the last submission, the version counts.
        result[pk] = submitted[1] if version and submitted and submitted[0] != revision else values
    return result
