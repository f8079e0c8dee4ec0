"""The public site's editable content: categories, free pages and the FAQ."""

from django.utils.translation import gettext_lazy as _

from cohorte.content.models import Category, FaqEntry, Page

from .base import Part, assign, save_checked, values_of


def upsert(model, lookup: dict, row: dict, names, where: str, report, section: str):
    """Create or update the row found by its natural key; count what happened."""
    instance = model.objects.filter(**lookup).first()
    created = instance is None
    if created:
        instance = model(**lookup)
    if assign(instance, row, names, where) or created:
        save_checked(instance, where)
        report.count(section, "created" if created else "updated")
    else:
        report.count(section, "unchanged")
    return instance


class Categories(Part):
    name = "categories"
    label = _("Catégories des publications")
    fields = frozenset({"slug", "name"})
    required = frozenset({"slug", "name"})
    texts = frozenset({"slug"})

    def export(self, programme) -> list:
        return [values_of(c, ["slug", "name"]) for c in Category.objects.order_by("slug")]

    def apply(self, programme, rows, report) -> None:
        for i, row in enumerate(rows, start=1):
            where = f"« {self.name} », n° {i}"
            upsert(Category, {"slug": row["slug"]}, row, ["name"], where, report, self.name)


class Pages(Part):
    name = "pages"
    label = _("Pages du site")
    fields = frozenset({"slug", "title", "description", "body", "language"})
    required = frozenset({"slug", "title"})
    texts = frozenset({"slug"})
    carried = ["title", "description", "body", "language"]

    def export(self, programme) -> list:
        return [values_of(p, ["slug", *self.carried]) for p in Page.objects.order_by("slug")]

    def apply(self, programme, rows, report) -> None:
        for i, row in enumerate(rows, start=1):
            where = f"« {self.name} », n° {i}"
            upsert(Page, {"slug": row["slug"]}, row, self.carried, where, report, self.name)


class Faq(Part):
    """A question is known by its audience, language and wording (it has no slug)."""

    name = "faq"
    label = _("Questions fréquentes")
    fields = frozenset({"audience", "language", "question", "answer", "section", "order"})
    required = frozenset({"audience", "question", "answer"})
    texts = frozenset({"audience", "language", "question"})
    carried = ["answer", "section", "order"]

    def export(self, programme) -> list:
        return [
            values_of(e, ["audience", "language", "question", *self.carried])
            for e in FaqEntry.objects.order_by("audience", "language", "order", "question")
        ]

    def apply(self, programme, rows, report) -> None:
        for i, row in enumerate(rows, start=1):
            where = f"« {self.name} », n° {i}"
            lookup = {
                "audience": row["audience"],
                "language": row.get("language", "fr"),
                "question": row["question"],
            }
            upsert(FaqEntry, lookup, row, self.carried, where, report, self.name)
