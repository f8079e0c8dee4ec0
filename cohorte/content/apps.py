from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "cohorte.content"
    label = "content"
    verbose_name = "Contenus éditoriaux"
