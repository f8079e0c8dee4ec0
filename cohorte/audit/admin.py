from django.contrib import admin
from django.utils.translation import gettext as _

from cohorte.reviews.exclusions import log_without_conflicts
from cohorte.search import FoldedAdminSearch

from .domain import record
from .models import ActivityLog


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "content_type", "object_id", "actor"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "object_id"]
    readonly_fields = [f.name for f in ActivityLog._meta.fields]

    def get_queryset(self, request):
        # Entries about what the reader is kept away from (a conflict) carry its scores.
        return log_without_conflicts(super().get_queryset(request), request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def label_split_moments(formfield, db_field):
    """Name the date and the time inputs of a split date-time widget for screen readers."""
    from django.contrib.admin.widgets import AdminSplitDateTime

    widget = getattr(formfield, "widget", None)
    widget = getattr(widget, "widget", widget)  # inside the related-field wrapper, if any
    if isinstance(widget, AdminSplitDateTime):
        name = str(db_field.verbose_name)
        widget.widgets[0].attrs["aria-label"] = _("%(name)s : date") % {"name": name}
        widget.widgets[1].attrs["aria-label"] = _("%(name)s : heure") % {"name": name}
    return formfield


class LabelledMoments:
    """Admin (or inline) whose split date-time inputs each have an accessible name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return label_split_moments(
            super().formfield_for_dbfield(db_field, request, **kwargs), db_field
        )


class AuditedAdmin(LabelledMoments, FoldedAdminSearch, admin.ModelAdmin):
    """Admin that writes an activity log entry for every creation, change and deletion (and
    whose search ignores accents and case)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        label = obj._meta.model_name
        record(
            f"{label}.{'changed' if change else 'created'}",
            obj,
            actor=request.user,
            fields=sorted(form.changed_data),
        )

    def delete_model(self, request, obj):
        record(f"{obj._meta.model_name}.deleted", obj, actor=request.user, label=str(obj))
        super().delete_model(request, obj)
