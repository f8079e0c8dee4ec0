from django.apps import AppConfig


class ProConnectConfig(AppConfig):
    name = "cohorte.accounts.proconnect"
    label = "proconnect"
    verbose_name = "ProConnect"

    def ready(self):
        from allauth.account.signals import user_logged_in, user_signed_up
        from allauth.socialaccount.signals import social_account_added

        from .links import record_link, record_signup
        from .logout import keep_id_token

        user_logged_in.connect(keep_id_token, dispatch_uid="proconnect.id_token")
        social_account_added.connect(record_link, dispatch_uid="proconnect.linked")
        user_signed_up.connect(record_signup, dispatch_uid="proconnect.signed_up")
