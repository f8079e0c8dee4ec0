from django.contrib import admin

from cohorte.audit.admin import AuditedAdmin

from .models import Cohort, Programme


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Cohort)
class CohortAdmin(AuditedAdmin):
    list_display = ["name", "number", "year", "status", "programme"]
    list_filter = ["status", "programme"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
