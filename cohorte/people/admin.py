from django.contrib import admin

from cohorte.audit.admin import AuditedAdmin

from .models import Person, Role


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["challenge"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["full_name", "job_title", "is_public"]
    list_filter = ["is_public", "roles__kind", "roles__cohort"]
    search_fields = ["full_name", "slug"]
    prepopulated_fields = {"slug": ["full_name"]}
    filter_horizontal = ["expertises"]
    inlines = [RoleInline]
    raw_id_fields = ["user"]
