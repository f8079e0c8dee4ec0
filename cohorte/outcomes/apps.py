from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "cohorte.outcomes"
    label = "outcomes"
    verbose_name = "Fin de programme et pérennisation"
