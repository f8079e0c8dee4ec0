from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "cohorte.calls"
    label = "calls"
