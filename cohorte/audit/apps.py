from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cohorte.audit"
    label = "audit"
    verbose_name = "Journal d'activité"
