"""The programme's identity: every editable field of the model, so new ones follow."""

from django.db import models

from ..models import Programme
from .base import TemplateError, assign, save_checked, values_of

# The instance's own: its address and the moment its setup was done.
NOT_CARRIED = {"id", "slug", "setup_completed_at"}


def identity_fields() -> list[str]:
    """The programme's fields a template carries."""
    return [
        f.name
        for f in Programme._meta.concrete_fields
        if f.editable and f.name not in NOT_CARRIED and not isinstance(f, models.AutoField)
    ]


def export(programme) -> dict:
    """The programme's identity as a template writes it."""
    return values_of(programme, identity_fields())


def apply(programme, data: dict, report) -> None:
    """Give the programme the template's identity."""
    where = "« programme »"
    if not isinstance(data, dict):
        raise TemplateError([f"{where} : un objet est attendu."])
    if assign(programme, data, identity_fields(), where):
        save_checked(programme, where, exclude=["slug"])
        report.count("programme", "updated")
    else:
        report.count("programme", "unchanged")
