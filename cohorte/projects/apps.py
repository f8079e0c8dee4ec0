from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "cohorte.projects"
    label = "projects"
    verbose_name = "Appel à projets"

    def ready(self):
        from . import rules  # noqa: F401  (registers the object permissions)
