"""Changes to the site's pages and FAQ: each writes an audit entry in the same transaction.

Saving a page or an FAQ entry fires the signals that make the public cache stale at once
(``cohorte.public.caching``)."""

from django.db import transaction

from cohorte.audit.domain import record
from cohorte.content.models import FaqEntry, Page

PAGE_FIELDS = ["title", "slug", "description", "body"]
FAQ_FIELDS = ["audience", "section", "question", "answer", "language"]


def _changed(before: dict, after, names: list[str]) -> list[str]:
    return [name for name in names if before.get(name) != getattr(after, name)]


def save_page(page: Page, before: dict, user) -> str:
    """Save a page (a new row for a legal page still generic) and audit it; returns the action,
    empty when nothing changed."""
    is_new = page.pk is None
    fields = [] if is_new else _changed(before, page, PAGE_FIELDS)
    if not (is_new or fields):
        return ""  # nothing changed: nothing saved, nothing journaled
    with transaction.atomic():
        page.save()
        if is_new:
            action = "content.page_created"
            record(action, page, user, slug=page.slug, title=page.title)
        else:
            action = "content.page_updated"
            record(action, page, user, slug=page.slug, title=page.title, fields=fields)
    return action


def page_values(page: Page) -> dict:
    """The editable fields of a page as they are before a change."""
    return {name: getattr(page, name) for name in PAGE_FIELDS}


def faq_values(entry: FaqEntry) -> dict:
    """The editable fields of an FAQ entry as they are before a change."""
    return {name: getattr(entry, name) for name in FAQ_FIELDS}


def _audience_entries(audience: str) -> list[FaqEntry]:
    return list(FaqEntry.objects.filter(audience=audience).order_by("order", "pk"))


def save_faq(entry: FaqEntry, before: dict | None, user) -> str:
    """Save a new entry (last of its audience) or a changed one, audited; returns the action."""
    with transaction.atomic():
        if entry.pk is None:
            entries = _audience_entries(entry.audience)
            entry.order = entries[-1].order + 1 if entries else 0
            entry.save()
            action = "content.faq_created"
            record(action, entry, user, audience=entry.audience, question=entry.question)
            return action
        moved_audience = before["audience"] != entry.audience
        if moved_audience:
            entries = _audience_entries(entry.audience)
            entry.order = entries[-1].order + 1 if entries else 0
        entry.save()
        action = "content.faq_updated"
        fields = _changed(before, entry, FAQ_FIELDS)
        record(action, entry, user, question=entry.question, fields=fields)
    return action


def move_faq(entry: FaqEntry, direction: int, user) -> bool:
    """Swap an entry with its neighbour in its audience's order; False at either end."""
    with transaction.atomic():
        entries = _audience_entries(entry.audience)
        index = next(i for i, other in enumerate(entries) if other.pk == entry.pk)
        target = index + direction
        if not 0 <= target < len(entries):
            return False
        entries[index], entries[target] = entries[target], entries[index]
        # Orders become 0..n-1: equal orders (imported entries) then swap too.
        for position, other in enumerate(entries):
            if other.order != position:
                other.order = position
                other.save(update_fields=["order"])
        record(
            "content.faq_moved",
            entry,
            user,
            question=entry.question,
            direction="up" if direction < 0 else "down",
            position=target + 1,
        )
    return True


def delete_faq(entry: FaqEntry, user) -> None:
    """Delete an FAQ entry, keeping its question and answer in the audit entry."""
    with transaction.atomic():
        record(
            "content.faq_deleted",
            entry,
            user,
            audience=entry.audience,
            question=entry.question,
            answer=entry.answer,
        )
        entry.delete()
