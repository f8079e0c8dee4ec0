from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "cohorte.people"
    label = "people"
    verbose_name = "Personnes"
