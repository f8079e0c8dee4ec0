from django.apps import AppConfig


class ProConnectConfig(AppConfig):
    name = "cohorte.accounts.proconnect"
    label = "proconnect"
    verbose_name = "ProConnect"

    def ready(self):
        from allauth.account.signals import user_logged_in

        from .logout import keep_id_token

        user_logged_in.connect(keep_id_token, dispatch_uid="proconnect.id_token")
