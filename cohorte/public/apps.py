"""The public site: programme, défis, people, promotions, blog, FAQ, legal pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "cohorte.public"
    label = "public"
    verbose_name = _("site public")

    def ready(self):
        """Invalidate the public page cache whenever content changes."""
        from . import checks  # noqa: F401 (registers the deployment checks)
        from .caching import connect_invalidation

        connect_invalidation()
