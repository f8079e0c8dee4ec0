"""Helpers of the pre-instruction tests: a stored file, full scores, audit and outbox reads."""

from django.core.files.base import ContentFile

from cohorte.audit.models import ActivityLog
from cohorte.projects.models import ProposalFile

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def add_file(proposal, kind="pitch", name="pitch.pdf", is_current=True):
    """A PDF attached to a proposal, stored under a random name."""
    row = ProposalFile(
        proposal=proposal,
        kind=kind,
        original_name=name,
        size=len(PDF),
        pages=3,
        sha256="0" * 64,
        is_current=is_current,
    )
    row.file.save("document.pdf", ContentFile(PDF), save=False)
    row.save()
    return row


def full_scores(call, value=3) -> dict[str, str]:
    """The grid form's fields with the same score for every criterion."""
    return {f"score-{c.pk}": str(value) for c in call.grid.criteria.all()}


def actions(subject) -> list[str]:
    """Audit actions written about a subject, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    return list(
        ActivityLog.objects.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk)
        )
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )
