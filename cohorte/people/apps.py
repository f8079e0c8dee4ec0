from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "cohorte.people"
    label = "people"
    verbose_name = "Personnes"

    def ready(self):
        from allauth.account.signals import email_confirmed, user_logged_in

        from . import accounts

        # A mentor named in a proposal before having an account gets linked to the account
        # that signs in with, or verifies, the address the proposal gave.
        user_logged_in.connect(accounts.on_user_logged_in, dispatch_uid="people.accounts")
        email_confirmed.connect(accounts.on_email_confirmed, dispatch_uid="people.accounts")
