from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "cohorte.selection"
    label = "selection"
