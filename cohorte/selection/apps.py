from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "cohorte.selection"
    label = "selection"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the periodic jobs)
