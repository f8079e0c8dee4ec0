from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "cohorte.opendata"
    verbose_name = "Données ouvertes"

    def ready(self):
        from . import jobs  # noqa: F401 - registers the nightly export
