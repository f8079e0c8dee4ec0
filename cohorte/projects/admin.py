"""Configuring the call for projects in the admin: funding rules, call settings, accounts.

Every change is written to the activity log (``AuditedAdmin``). Proposals are read here
but changed only through the pages that check each transition.
"""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte import programme_words as words
from cohorte.audit.admin import AuditedAdmin
from cohorte.reviews.exclusions import without_conflicts

from .models import (
    FundingRules,
    JuryPoolMember,
    MembershipRequest,
    OrganisationInvitation,
    OrganisationMember,
    ProjectCallSettings,
    Proposal,
    SalaryBand,
)


class SalaryBandInline(admin.TabularInline):
    model = SalaryBand
    extra = 0
    fields = ["order", "key", "label", "net_monthly", "cap"]


@admin.register(FundingRules)
class FundingRulesAdmin(AuditedAdmin):
    list_display = ["cohort", "contract_months", "funded_months", "envelope"]
    inlines = [SalaryBandInline]


@admin.register(ProjectCallSettings)
class ProjectCallSettingsAdmin(AuditedAdmin):
    """Read here in French; the team edits them in /gestion/configuration/ (no raw JSON)."""

    list_display = ["call", "pitch_max_pages", "audition_minutes"]
    list_select_related = ["call"]
    exclude = ["section_limits"]
    readonly_fields = ["limits"]

    @admin.display(description=gettext_lazy("longueur maximale des rubriques"))
    def limits(self, obj):
        from .form import SECTIONS, section_limits

        values = section_limits(obj.call) if obj.pk else {s.key: s.max_length for s in SECTIONS}
        return format_html_join(
            "",
            "<p>{} : {}</p>",
            ((s.label, _("%(n)s caractères") % {"n": values[s.key]}) for s in SECTIONS),
        )


@admin.register(OrganisationMember)
class OrganisationMemberAdmin(AuditedAdmin):
    list_display = ["user", "organisation", "created_at"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user", "invited_by"]


@admin.register(OrganisationInvitation)
class OrganisationInvitationAdmin(AuditedAdmin):
    list_display = ["email", "organisation", "created_at", "accepted_at"]
    list_select_related = ["organisation"]
    search_fields = ["email", "organisation__name"]
    raw_id_fields = ["invited_by"]
    autocomplete_fields = ["organisation"]


@admin.register(MembershipRequest)
class MembershipRequestAdmin(AuditedAdmin):
    """Read here; accepted or refused from the team's page, which joins and e-mails."""

    list_display = ["user", "organisation", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "organisation__name"]
    readonly_fields = [
        "organisation", "user", "call", "status", "created_at", "decided_at", "decided_by",
        "reason",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False


@admin.register(JuryPoolMember)
class JuryPoolMemberAdmin(AuditedAdmin):
    list_display = ["user", "category", "organisation", "call"]
    list_filter = ["call", "category"]
    list_select_related = ["user", "organisation", "call"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["organisation"]


@admin.register(Proposal)
class ProposalAdmin(AuditedAdmin):
    list_display = ["title", "organisation", "call", "status", "submitted_at"]
    list_filter = ["call", "status"]
    list_select_related = ["organisation", "call"]
    search_fields = ["title", "organisation__name"]
    folded_search_fields = ("search_text", "organisation__search_text")
    readonly_fields = [
        "call", "round", "organisation", "created_by", "title", "sheet", "status", "eligibility",
        "completeness", "revision", "version", "first_submitted_at", "submitted_at",
        "withdrawn_at", "decided_at", "challenge",
    ]  # fmt: skip
    exclude = ["data", "search_text"]

    @admin.display(description=gettext_lazy("contenu de la proposition"))
    def sheet(self, obj):
        # The proposal as the team reads it, labelled in French, never its raw JSON.
        from . import proposal_form
        from .views import administration_form

        rules = proposal_form.funding_rules(obj.call)
        fields = administration_form.build(
            obj.call,
            proposal_form.form_values(obj),
            {},
            bands=list(rules.bands.all()) if rules else [],
            profiles=proposal_form.profile_options(obj.call),
            files=proposal_form.current_files(obj),
        )
        # Rendered without a request: the programme's words are given here.
        return render_to_string(
            "projects/administration/includes/readonly.html",
            {
                "fields": fields,
                "proposal": obj,
                "site_fellow": words.fellow(),
                "site_fellows": words.fellows(),
            },
        )

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        # Never a proposal the reader is kept away from (a conflict, their administration's).
        return without_conflicts(super().get_queryset(request), request.user)
