from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "cohorte.challenges"
    label = "challenges"
    verbose_name = "Défis"
