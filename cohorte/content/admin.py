from django.contrib import admin

from cohorte.audit.admin import AuditedAdmin

from .models import Category, FaqEntry, Page, Post, PostAttachment, Tag


class PostAttachmentInline(admin.TabularInline):
    model = PostAttachment
    extra = 0
    fields = ["title", "original_name", "content_type", "size", "created_at"]
    readonly_fields = fields  # files are checked on upload in the editor (/gestion/publications/)


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = [
        "title",
        "kind",
        "published_at",
        "is_published",
        "language",
        "filled",
        "open_until",
    ]
    list_filter = ["kind", "is_published", "language", "categories"]
    search_fields = ["title", "description", "author"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["categories", "tags", "authors"]
    raw_id_fields = ["translation_of"]
    date_hierarchy = "published_at"
    inlines = [PostAttachmentInline]


@admin.register(Page)
class PageAdmin(AuditedAdmin):
    list_display = ["title", "slug", "language"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(FaqEntry)
class FaqEntryAdmin(AuditedAdmin):
    list_display = ["question", "audience", "section", "language", "order"]
    list_filter = ["audience", "language"]
    search_fields = ["question", "answer"]


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(AuditedAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
