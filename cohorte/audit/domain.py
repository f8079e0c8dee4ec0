"""Writing and reading the activity log."""

from django.contrib.contenttypes.models import ContentType

from .models import ActivityLog


def record(action: str, subject, actor=None, **data) -> ActivityLog:
    """Write one activity log entry for a change of ``subject`` made by ``actor``."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return ActivityLog.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        actor=actor,
        data=data,
    )


def history(subject):
    """Entries about ``subject``, newest first."""
    return ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk)
    ).select_related("actor")
