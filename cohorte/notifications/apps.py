from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cohorte.notifications"
    label = "notifications"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the periodic jobs)
