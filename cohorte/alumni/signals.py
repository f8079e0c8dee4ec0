"""A consent or a career step saved makes the public pages stale at once (public cache).

"Que sont-ils devenus ?" shows consenting fellows' paths: a fellow who withdraws consent
must disappear from it at once, not when the cached page expires.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from cohorte.public.caching import bump_content_version

from .models import AlumniProfile, CareerStep


def _schedule_bump(sender=None, using=None, **kwargs):
    # After commit: a page rendered before the change commits is never stored as current.
    transaction.on_commit(bump_content_version, using=using or "default")


def connect_invalidation() -> None:
    for model in (AlumniProfile, CareerStep):
        uid = f"public-cache-{model._meta.label_lower}"
        post_save.connect(_schedule_bump, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_schedule_bump, sender=model, dispatch_uid=f"{uid}-delete")
