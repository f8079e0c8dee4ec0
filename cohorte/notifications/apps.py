from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cohorte.notifications"
    label = "notifications"
