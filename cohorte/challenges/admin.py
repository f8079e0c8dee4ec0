from django.contrib import admin

from cohorte.audit.admin import AuditedAdmin

from .models import Achievement, Challenge, ChallengeLink, Expertise, KeyFigure, Theme


class KeyFigureInline(admin.TabularInline):
    model = KeyFigure
    extra = 0


class AchievementInline(admin.StackedInline):
    model = Achievement
    extra = 0


class ChallengeLinkInline(admin.TabularInline):
    model = ChallengeLink
    extra = 0


@admin.register(Challenge)
class ChallengeAdmin(AuditedAdmin):
    list_display = ["title", "cohort", "host_organisation", "status", "seats"]
    list_filter = ["status", "cohort", "themes"]
    search_fields = ["title", "tagline", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["host_organisation", "funding_organisation", "partner_organisations"]
    filter_horizontal = ["themes", "expertises"]
    inlines = [KeyFigureInline, AchievementInline, ChallengeLinkInline]
    list_select_related = ["cohort", "host_organisation"]


@admin.register(Theme, Expertise)
class TaxonomyAdmin(AuditedAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
