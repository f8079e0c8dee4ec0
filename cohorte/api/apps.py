from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cohorte.api"
    verbose_name = "API publique"
