from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "cohorte.impact"
    label = "impact"
    verbose_name = "Impact du programme"

    def ready(self):
        from . import rules  # noqa: F401 - registers the permissions
