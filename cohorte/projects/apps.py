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
        from . import invitation_signals, jobs, rules  # noqa: F401

        # An invited colleague joins their administration, an invited juror the défi jury's
        # pool, when signing in with that address or verifying it.
        user_logged_in.connect(
            invitation_signals.on_user_logged_in, dispatch_uid="projects.invitations"
        )
        email_confirmed.connect(
            invitation_signals.on_email_confirmed, dispatch_uid="projects.invitations"
        )
        # A call for projects gets its settings (the defaults) as it is created, so the team
        # finds them in the admin.
        post_save.connect(
            settings_for_new_call, sender="calls.Call", dispatch_uid="projects.call_settings"
        )
