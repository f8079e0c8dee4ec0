from django.apps import AppConfig
from django.db.models.signals import post_save


def settings_for_new_call(sender, instance, created, raw=False, **kwargs):
    """Give a new call for projects its default settings."""
    if created and not raw and instance.kind == "projects":
        from .models import ProjectCallSettings

        ProjectCallSettings.objects.get_or_create(call=instance)


class ProjectsConfig(AppConfig):
    name = "cohorte.projects"
    label = "projects"
    verbose_name = "Appel à projets"

    def ready(self):
        from allauth.account.signals import email_confirmed, user_logged_in

        # rules registers the object permissions, jobs the periodic jobs.
        from . import accounts, jobs, jury_invitations, rules  # noqa: F401

        # An invited colleague joins their administration when signing in with that address.
        user_logged_in.connect(accounts.on_user_logged_in, dispatch_uid="projects.invitations")
        # A call for projects gets its settings (the defaults) as it is created, so the team
        # finds them in the admin.
        post_save.connect(
            settings_for_new_call, sender="calls.Call", dispatch_uid="projects.call_settings"
        )
        email_confirmed.connect(accounts.on_email_confirmed, dispatch_uid="projects.invitations")
        # So does a juror invited into a défi jury's pool.
        user_logged_in.connect(
            jury_invitations.on_user_logged_in, dispatch_uid="projects.jury_invitations"
        )
        email_confirmed.connect(
            jury_invitations.on_email_confirmed, dispatch_uid="projects.jury_invitations"
        )
