"""One-line fields stay on one line, whatever form or import wrote them.

A line break in a name typed into any form ends up in an e-mail's subject, where the
mail library refuses it: every ``CharField`` of Cohorte's models, and the names of user
accounts, lose their control characters when saved. Texts (``TextField``) keep theirs.
"""

from django.db import models
from django.db.models.signals import pre_save

from cohorte.text import single_line


def _is_ours(model) -> bool:
    label = model._meta.app_label
    return model.__module__.startswith("cohorte.") or label == "auth"


def _char_fields(model) -> list[str]:
    cached = model.__dict__.get("_single_line_fields")
    if cached is None:
        cached = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField) and not f.primary_key
        ]
        model._single_line_fields = cached
    return cached


def strip_control_characters(sender, instance, raw=False, **kwargs):
    """pre_save: control characters and line breaks of one-line fields become a space."""
    if raw or not _is_ours(sender):
        return
    for name in _char_fields(sender):
        value = getattr(instance, name)
        if isinstance(value, str) and not value.isprintable():
            setattr(instance, name, single_line(value))


def connect() -> None:
    """Watch every model's saves (called once, when the accounts app is ready)."""
    pre_save.connect(strip_control_characters, dispatch_uid="cohorte.single_line_fields")
