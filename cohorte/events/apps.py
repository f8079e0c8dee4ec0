from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cohorte.events"
    label = "events"
    verbose_name = "Programme d'accompagnement"

    def ready(self):
        from . import jobs, rules  # noqa: F401 - registers the permissions and periodic jobs
