from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cohorte.accounts"
    label = "accounts"
    verbose_name = "Comptes et rôles"

    def ready(self):
        from cohorte import single_line_fields

        single_line_fields.connect()
