"""Configuring a call in the admin: window, rounds, questions, statements, choices, rules.

The team configures its calls in /gestion/configuration/ (``team_views.configuration``);
this admin stays for superusers. Every change is written to the activity log, inline rows
included.
"""

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.audit.admin import AuditedAdmin, LabelledMoments
from cohorte.audit.domain import record
from cohorte.public.formats import PARIS, format_moment

from .configuration_forms import OptionsField
from .duplication import duplicate_call
from .models import Call, Question, Round, Statement

CHOICE_KINDS = {Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE}
TEXT_KINDS = {Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT}


class CallAdminForm(forms.ModelForm):
    """A call's own settings, checked together."""

    class Meta:
        model = Call
        fields = [
            "cohort", "kind", "title", "slug", "description", "opens_at", "closes_at",
            "announcement_at", "choice_kind", "max_choices", "choice_timing", "voting_closes_at",
            "challenges", "profiles", "cv_required", "portfolio_enabled", "max_upload_mb", "grid",
            "review_visibility", "rules", "rules_url", "calendar", "retention_months",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("La clôture doit venir après l'ouverture."))
        if cleaned.get("choice_timing") == Call.ChoiceTiming.VOTING:
            voting = cleaned.get("voting_closes_at")
            if voting is None:
                self.add_error(
                    "voting_closes_at",
                    _(
                        "Un choix par vote après la présélection demande une date de clôture "
                        "du vote."
                    ),
                )
            elif closes_at and voting <= closes_at:
                self.add_error(
                    "voting_closes_at", _("Le vote doit se clore après le dépôt des candidatures.")
                )
        announcement = cleaned.get("announcement_at")
        if announcement and closes_at and announcement <= closes_at:
            self.add_error(
                "announcement_at",
                _("L'annonce publique des résultats doit suivre la clôture des candidatures."),
            )
        cohort = cleaned.get("cohort")
        challenges = cleaned.get("challenges")
        if cohort and challenges:
            strangers = [c for c in challenges if c.cohort_id != cohort.pk]
            if strangers:
                self.add_error(
                    "challenges",
                    _("Ces défis n'appartiennent pas à la promotion de l'appel : %(titles)s.")
                    % {"titles": ", ".join(c.title for c in strangers)},
                )
        return cleaned


class RoundFormSet(BaseInlineFormSet):
    """Rounds lie inside the call's window, one after the other, interviews after submissions."""

    def clean(self):
        super().clean()
        call = self.instance
        windows = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            opens_at, closes_at = (
                form.cleaned_data.get("opens_at"),
                form.cleaned_data.get("closes_at"),
            )
            if not opens_at or not closes_at:
                continue
            if closes_at <= opens_at:
                form.add_error("closes_at", _("La clôture doit venir après l'ouverture."))
                continue
            if call.opens_at and opens_at < call.opens_at:
                form.add_error(
                    "opens_at",
                    _("La session ne peut ouvrir avant l'appel (%(moment)s, heure de Paris).")
                    % {"moment": format_moment(call.opens_at)},
                )
            if call.closes_at and closes_at > call.closes_at:
                form.add_error(
                    "closes_at",
                    _("La session ne peut fermer après l'appel (%(moment)s, heure de Paris).")
                    % {"moment": format_moment(call.closes_at)},
                )
            start, end = (
                form.cleaned_data.get("interviews_start"),
                form.cleaned_data.get("interviews_end"),
            )
            if start and end and end < start:
                form.add_error("interviews_end", _("La fin des auditions précède leur début."))
            if start and start < closes_at.astimezone(PARIS).date():
                form.add_error(
                    "interviews_start",
                    _("Les auditions commencent après la clôture de la session."),
                )
            windows.append((opens_at, closes_at, form))
        windows.sort(key=lambda item: item[0])
        for (_o1, first_end, _f1), (second_start, _c2, second) in zip(
            windows, windows[1:], strict=False
        ):
            if second_start < first_end:
                second.add_error(
                    "opens_at",
                    _("Deux sessions se chevauchent : une session ouvre après la précédente."),
                )


class RoundInline(LabelledMoments, admin.StackedInline):
    model = Round
    formset = RoundFormSet
    extra = 0
    fields = ["name", "opens_at", "closes_at", "interviews_start", "interviews_end"]


class QuestionAdminForm(forms.ModelForm):
    """A question; its options typed one per line."""

    options = OptionsField(
        label=gettext_lazy("Options (une par ligne)"),
        required=False,
        help_text=gettext_lazy("Pour les questions à choix unique ou multiples seulement."),
    )

    class Meta:
        model = Question
        fields = ["order", "label", "help_text", "kind", "required", "max_length", "options"]

    def clean(self):
        cleaned = super().clean()
        kind, options = cleaned.get("kind"), cleaned.get("options") or []
        if kind in CHOICE_KINDS and len(options) < 2:
            self.add_error("options", _("Une question à choix demande au moins deux options."))
        if kind and kind not in CHOICE_KINDS and options:
            self.add_error("options", _("Seules les questions à choix ont des options."))
        if kind and kind not in TEXT_KINDS and cleaned.get("max_length"):
            self.add_error(
                "max_length", _("La longueur maximale ne vaut que pour les réponses en texte.")
            )
        return cleaned


class QuestionInline(admin.StackedInline):
    model = Question
    form = QuestionAdminForm
    extra = 0


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    fields = ["order", "text"]


@admin.register(Call)
class CallAdmin(AuditedAdmin):
    form = CallAdminForm
    list_display = ["title", "kind", "cohort", "window", "application_count"]
    list_filter = ["kind", "cohort"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [RoundInline, QuestionInline, StatementInline]
    actions = ["duplicate"]
    save_as = False
    fieldsets = [
        (None, {"fields": ["cohort", "kind", "title", "slug", "description"]}),
        (
            gettext_lazy("Calendrier (heure de Paris)"),
            {"fields": ["opens_at", "closes_at", "announcement_at"]},
        ),
        (
            gettext_lazy("Choix des candidats"),
            {
                "fields": [
                    "choice_kind",
                    "max_choices",
                    "choice_timing",
                    "voting_closes_at",
                    "challenges",
                    "profiles",
                ]
            },
        ),
        (
            gettext_lazy("Pièces à joindre"),
            {"fields": ["cv_required", "portfolio_enabled", "max_upload_mb"]},
        ),
        (gettext_lazy("Évaluation"), {"fields": ["grid", "review_visibility"]}),
        (
            gettext_lazy("Règlement, FAQ et calendrier publics"),
            {"fields": ["rules", "rules_url", "calendar"]},
        ),
        (gettext_lazy("Données personnelles"), {"fields": ["retention_months"]}),
    ]

    def get_queryset(self, request):
        from django.db.models import Count

        return (
            super()
            .get_queryset(request)
            .select_related("cohort")
            .annotate(applications_total=Count("applications"))
        )

    @admin.display(description=gettext_lazy("fenêtre (heure de Paris)"), ordering="opens_at")
    def window(self, obj):
        return f"{format_moment(obj.opens_at)} → {format_moment(obj.closes_at)}"

    @admin.display(description=gettext_lazy("candidatures"), ordering="applications_total")
    def application_count(self, obj):
        if obj.kind != Call.Kind.APPLICATIONS:
            return "—"
        url = reverse("team:call_dashboard", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.applications_total)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "challenges":
            from cohorte.challenges.models import Challenge

            queryset = Challenge.objects.select_related("cohort").order_by(
                "-cohort__number", "title"
            )
            call_id = (
                request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            )
            call = Call.objects.filter(pk=call_id).first() if call_id else None
            if call is not None:
                # Only the défis of the call's promotion make sense; others stay out of the list.
                queryset = queryset.filter(cohort=call.cohort)
            kwargs["queryset"] = queryset
        if db_field.name in ("challenges", "profiles"):
            # Plain labelled checkboxes: the two-list selector breaks the policy and axe.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # Inline rows (rounds, questions, statements) get their own log entries.
        for obj in formset.new_objects:
            record(
                f"{obj._meta.model_name}.created", obj, actor=request.user, call=form.instance.pk
            )
        for obj, fields in formset.changed_objects:
            record(
                f"{obj._meta.model_name}.changed",
                obj,
                actor=request.user,
                call=form.instance.pk,
                fields=sorted(fields),
            )
        for obj in formset.deleted_objects:
            record(
                f"{obj._meta.model_name}.deleted",
                form.instance,
                actor=request.user,
                label=str(obj)[:200],
            )

    @admin.action(
        description=gettext_lazy("Dupliquer pour l'année suivante (dates décalées d'un an)")
    )
    def duplicate(self, request, queryset):
        copies = [duplicate_call(call, request.user) for call in queryset]
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:calls_call_change", args=[c.pk]), c.title) for c in copies),
        )
        self.message_user(
            request,
            format_html(
                "{} {}",
                _("Appels copiés (à vérifier : promotion, dates, défis) :"),
                links,
            ),
            messages.SUCCESS,
        )
