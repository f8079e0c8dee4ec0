from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "cohorte.organisations"
    label = "organisations"
    verbose_name = "Administrations"
