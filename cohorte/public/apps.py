from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "cohorte.public"
    label = "public"
