from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "cohorte.calls"
    label = "calls"
    verbose_name = "Appels et candidatures"

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_migrate, post_save

        from cohorte.public.caching import bump_content_version

        from . import jobs  # noqa: F401  (registers the periodic jobs)
        from .models import Round

        # Rounds appear on the public call pages: a change makes cached pages stale.
        def rounds_changed(**kwargs):
            transaction.on_commit(bump_content_version)

        post_save.connect(rounds_changed, sender=Round, dispatch_uid="calls-round-save", weak=False)
        post_delete.connect(
            rounds_changed, sender=Round, dispatch_uid="calls-round-delete", weak=False
        )

        # The triggers that date each call's structure (calls.structure): again after every
        # migrate, as SQLite's table rebuilds drop them.
        post_migrate.connect(install_stamp_triggers, sender=self, dispatch_uid="calls-stamps")


def install_stamp_triggers(using="default", **kwargs):
    from django.db import connections

    from .structure import has_stamps, install_triggers

    connection = connections[using]
    if has_stamps(connection):  # not when migrated back before the stamps
        install_triggers(connection)
