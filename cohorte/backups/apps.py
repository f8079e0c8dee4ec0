from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "cohorte.backups"
    label = "backups"
    verbose_name = "Sauvegardes"
