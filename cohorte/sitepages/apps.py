from django.apps import AppConfig


class SitepagesConfig(AppConfig):
    name = "cohorte.sitepages"
    verbose_name = "Pages du site et questions fréquentes"
