from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "cohorte.newsletter"
    verbose_name = "Lettre d'information"

    def ready(self):
        from . import jobs, rules, signals  # noqa: F401  (periodic jobs, permissions, bounces)
