"""Scoring grids in the admin: criteria and their scales, locked once reviews use them."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cohorte.audit.admin import AuditedAdmin
from cohorte.audit.domain import record
from cohorte.programmes.call_defaults import EIG_CRITERIA

from .models import PER_CHALLENGE_CRITERIA, Criterion, Grid, Review


def grid_in_use(grid) -> bool:
    """Whether reviews were already given on a call using this grid."""
    return grid is not None and Review.objects.filter(application__call__grid=grid).exists()


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["order", "label", "description", "scale_min", "scale_max", "per_challenge"]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("scale_min"), cleaned.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("La note maximale doit dépasser la note minimale."))
        return cleaned


class CriterionInline(admin.TabularInline):
    model = Criterion
    form = CriterionForm

    def get_extra(self, request, obj=None, **kwargs):
        # A grid made in the admin starts with EIG's five usual criteria, scored 1 to 4.
        return len(EIG_CRITERIA) if obj is None else 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not grid_in_use(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not grid_in_use(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not grid_in_use(obj)


@admin.register(Grid)
class GridAdmin(AuditedAdmin):
    list_display = ["name", "criterion_count", "max_total_display", "call_list"]
    search_fields = ["name"]
    inlines = [CriterionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(criterion_count=Count("criteria", distinct=True))
            .prefetch_related("criteria", "calls")
        )

    @admin.display(description=_("critères"), ordering="criterion_count")
    def criterion_count(self, obj):
        return obj.criterion_count

    @admin.display(description=_("total maximal"))
    def max_total_display(self, obj):
        return obj.max_total

    @admin.display(description=_("appels"))
    def call_list(self, obj):
        return ", ".join(call.title for call in obj.calls.all()) or "—"

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, CriterionInline) and obj.pk is None and request.method == "GET":
            kwargs["initial"] = [
                {
                    "order": order,
                    "label": label,
                    "description": description,
                    "per_challenge": label in PER_CHALLENGE_CRITERIA,
                }
                for order, (label, description) in enumerate(EIG_CRITERIA, start=1)
            ]
        return kwargs

    def change_view(self, request, object_id, form_url="", extra_context=None):
        grid = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if grid_in_use(grid):
            extra_context["subtitle"] = _(
                "Des évaluations utilisent déjà cette grille : ses critères ne peuvent plus "
                "changer. Dupliquez l'appel pour repartir d'une copie."
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record("criterion.created", obj, actor=request.user, grid=form.instance.pk)
        for obj, fields in formset.changed_objects:
            record("criterion.changed", obj, actor=request.user, fields=sorted(fields))
        for obj in formset.deleted_objects:
            record("criterion.deleted", form.instance, actor=request.user, label=str(obj)[:200])
