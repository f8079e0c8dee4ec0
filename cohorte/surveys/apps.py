from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "cohorte.surveys"
    label = "surveys"
    verbose_name = "Questionnaires de sortie"

    def ready(self):
        from . import jobs, rules  # noqa: F401 - registers the permissions and the reminder
