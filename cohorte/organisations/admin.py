from django.contrib import admin

from cohorte.audit.admin import AuditedAdmin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "acronym", "kind", "parent", "town"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym", "town"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
