from django.contrib import admin

from cohorte.audit.admin import AuditedAdmin
from cohorte.audit.domain import record

from .models import Organisation, OrganisationDomain


class OrganisationDomainInline(admin.TabularInline):
    model = OrganisationDomain
    extra = 0
    fields = ["domain", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "acronym", "kind", "parent", "town"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym", "town", "email_domains__domain"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [OrganisationDomainInline]

    def save_formset(self, request, form, formset, change):
        # The e-mail domains open the organisation to its first member: log each change.
        super().save_formset(request, form, formset, change)
        for row in formset.new_objects:
            record("organisation.domain_added", form.instance, request.user, domain=row.domain)
        for row in formset.changed_objects:
            record("organisation.domain_changed", form.instance, request.user, domain=row[0].domain)
        for row in formset.deleted_objects:
            record("organisation.domain_removed", form.instance, request.user, domain=row.domain)
