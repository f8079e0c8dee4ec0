from django.apps import AppConfig


class AlumniConfig(AppConfig):
    name = "cohorte.alumni"
    label = "alumni"
    verbose_name = "Alumni"

    def ready(self):
        from . import rules  # noqa: F401 - registers the permissions
        from .signals import connect_invalidation

        connect_invalidation()
