from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "cohorte.bulletins"
    label = "bulletins"
    verbose_name = "Bulletins hebdomadaires"
