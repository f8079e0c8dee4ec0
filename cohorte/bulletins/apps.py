from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "cohorte.bulletins"
    label = "bulletins"
    verbose_name = "Bulletins hebdomadaires"

    def ready(self):
        # Registers the Thursday reminder, the Friday digest and the object permissions.
        from . import jobs, rules  # noqa: F401
