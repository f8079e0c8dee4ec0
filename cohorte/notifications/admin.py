from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .domain import retry
from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    readonly_fields = [
        "to",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    actions = ["retry_failed"]

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
