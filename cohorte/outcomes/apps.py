from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "cohorte.outcomes"
    label = "outcomes"
    verbose_name = "Fin de programme et pérennisation"

    def ready(self):
        from . import jobs, rules  # noqa: F401 - registers the permissions and periodic jobs
