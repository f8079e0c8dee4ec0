from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "cohorte.selection"
    label = "selection"
    verbose_name = "Jurys, auditions et décisions"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the periodic jobs)
