from django.contrib import admin

from cohorte.audit.admin import AuditedAdmin

from .models import Call


@admin.register(Call)
class CallAdmin(AuditedAdmin):
    list_display = ["title", "kind", "cohort", "opens_at", "closes_at"]
    list_filter = ["kind", "cohort"]
    search_fields = ["title"]
