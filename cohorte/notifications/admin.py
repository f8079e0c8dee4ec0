from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cohorte.audit.admin import AuditedAdmin

from . import previews
from .domain import retry
from .forms import EmailTemplateAdminForm
from .models import EmailTemplate, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    readonly_fields = [
        "to",
        "subject",
        "body",
        "attachment_names",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    exclude = ["attachments"]
    actions = ["retry_failed"]

    @admin.display(description=_("pièces jointes"))
    def attachment_names(self, obj):
        return ", ".join(item["filename"] for item in obj.attachments) or "—"

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Renvoyer les messages en échec"))
    def retry_failed(self, request, queryset):
        failed = queryset.filter(status=OutboxMessage.Status.FAILED)
        for message in failed:
            retry(message)
        self.message_user(
            request, _("%d message(s) remis en file.") % len(failed), messages.SUCCESS
        )


@admin.register(EmailTemplate)
class EmailTemplateAdmin(AuditedAdmin):
    """The team's texts of the e-mails, general or for one call, checked and previewed."""

    form = EmailTemplateAdminForm
    list_display = ["key", "purpose", "call", "subject", "updated_at"]
    list_filter = ["key", "call"]
    search_fields = ["subject", "body"]
    readonly_fields = ["preview"]

    @admin.display(description=_("usage"))
    def purpose(self, obj):
        return previews.label(obj.key)

    @admin.display(description=_("aperçu avec des valeurs d'exemple"))
    def preview(self, obj):
        if obj is None or not obj.pk:
            return _("L'aperçu s'affiche une fois le modèle enregistré.")
        subject, body = previews.preview(obj.key, obj.subject, obj.body, obj.call)
        return format_html(
            '<p><strong>{}</strong></p><pre style="white-space: pre-wrap">{}</pre>', subject, body
        )
