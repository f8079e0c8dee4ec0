from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cohorte.notifications"
    label = "notifications"
    verbose_name = "E-mails"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the periodic jobs)
