"""Saving the programme's settings: only what changed, written to the activity log."""

from django.db import transaction

from cohorte.audit.domain import record

from .settings_forms import FIELDS


def snapshot(programme) -> dict:
    """The programme's settings as they stand, field by field."""
    return {name: getattr(programme, name) for name in FIELDS}


@transaction.atomic
def save(form, before: dict, actor) -> dict:
    """Save a valid settings form; the changed fields with their values before and after."""
    after = {name: form.cleaned_data[name] for name in FIELDS}
    changes = {
        name: {"before": before[name], "after": after[name]}
        for name in FIELDS
        if before[name] != after[name]
    }
    if changes:
        programme = form.save()
        record("programme.updated", programme, actor=actor, changes=changes)
    return changes
