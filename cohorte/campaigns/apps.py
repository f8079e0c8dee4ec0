from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "cohorte.campaigns"
    verbose_name = "Diffusion des appels"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from cohorte.public.caching import _schedule_bump

        from . import rules  # noqa: F401  (permissions)
        from .models import ShareKit, ShareVisual

        # The public share kit is a cached public page: its changes make it stale.
        for model in (ShareKit, ShareVisual):
            uid = f"public-cache-{model._meta.label_lower}"
            post_save.connect(_schedule_bump, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_schedule_bump, sender=model, dispatch_uid=f"{uid}-delete")
