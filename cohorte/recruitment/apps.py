from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "cohorte.recruitment"
    label = "recruitment"
    verbose_name = "Recrutement des lauréat·es"

    def ready(self):
        from . import rules  # noqa: F401 - registers the object permissions
