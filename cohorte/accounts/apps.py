from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cohorte.accounts"
    label = "accounts"

    def ready(self):
        from cohorte import single_line_fields

        single_line_fields.connect()
