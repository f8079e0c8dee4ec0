from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "cohorte.reviews"
    label = "reviews"
    verbose_name = "Évaluations"
