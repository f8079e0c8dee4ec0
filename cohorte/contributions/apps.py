from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "cohorte.contributions"
    label = "contributions"
    verbose_name = "Publications proposées par les défis"

    def ready(self):
        from . import rules  # noqa: F401 - registers the permissions
