from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "cohorte.followup"
    label = "followup"
    verbose_name = "Suivi des défis"

    def ready(self):
        from . import rules  # noqa: F401 - registers the object permissions
