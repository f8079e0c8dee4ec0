from django.apps import AppConfig


class AlumniConfig(AppConfig):
    name = "cohorte.alumni"
    label = "alumni"
    verbose_name = "Alumni"
