from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "cohorte.projects"
    label = "projects"
    verbose_name = "Appel à projets"

    def ready(self):
        from allauth.account.signals import email_confirmed, user_logged_in

        # rules registers the object permissions, jobs the periodic jobs.
        from . import accounts, jobs, rules  # noqa: F401

        # An invited colleague joins their administration when signing in with that address.
        user_logged_in.connect(accounts.on_user_logged_in, dispatch_uid="projects.invitations")
        email_confirmed.connect(accounts.on_email_confirmed, dispatch_uid="projects.invitations")
