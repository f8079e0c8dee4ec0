from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "cohorte.editorial"
    verbose_name = "Publications"
