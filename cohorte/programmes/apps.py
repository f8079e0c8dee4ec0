from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "cohorte.programmes"
    label = "programmes"
    verbose_name = "Programme et promotions"

    def ready(self):
        from . import identity

        identity.connect()
