from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cohorte.audit.admin import AuditedAdmin
from cohorte.reviews.exclusions import outbox_ids_about_conflicts
from cohorte.search import FoldedAdminSearch

from . import previews
from .domain import retry
from .forms import EmailTemplateAdminForm
from .models import EmailTemplate, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(FoldedAdminSearch, admin.ModelAdmin):
    """The outbox: what was sent to whom, and retry of failures.

    The text of an authentication e-mail is shown to superusers only, and with its link
    or code masked: the full text is sealed and erased once delivered (see sealing.py).
    """

    list_display = ["created_at", "subject", "kind", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject"]
    readonly_fields = [
        "kind",
        "to",
        "subject",
        "text",
        "attachment_names",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    actions = ["retry_failed"]

    @admin.display(description=_("texte"))
    def text(self, obj):
        """The text, but never an authentication e-mail's (its link or code is masked anyway)."""
        if obj.kind == OutboxMessage.Kind.AUTHENTICATION:
            return _("Réservé au destinataire : ce message contient un lien ou un code personnel.")
        return format_html('<pre class="outbox-text">{}</pre>', obj.body)

    @admin.display(description=_("texte (lien ou code masqué)"))
    def masked_text(self, obj):
        return format_html('<pre class="outbox-text">{}</pre>', obj.body)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return [f if f != "text" else "masked_text" for f in self.readonly_fields]
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    @admin.display(description=_("pièces jointes"))
    def attachment_names(self, obj):
        return ", ".join(item["filename"] for item in obj.attachments) or "—"

    def get_queryset(self, request):
        # E-mails about an application or a proposal the reader is kept away from
        # (conflict of interest, their own) tell its outcome: left out for them.
        messages_ = super().get_queryset(request)
        if request.user.is_superuser:
            return messages_
        return messages_.exclude(pk__in=outbox_ids_about_conflicts(request.user))

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
