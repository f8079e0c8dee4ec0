"""The profiles the programme's calls seek (développement, design, data science...)."""

from django.utils.translation import gettext_lazy as _

from cohorte.challenges.models import Expertise

from .base import Part, values_of
from .content_parts import upsert


class Profiles(Part):
    name = "profiles"
    label = _("Profils recherchés")
    fields = frozenset({"slug", "name"})
    required = frozenset({"slug", "name"})
    texts = frozenset({"slug"})

    def export(self, programme) -> list:
        return [values_of(e, ["slug", "name"]) for e in Expertise.objects.order_by("slug")]

    def apply(self, programme, rows, report) -> None:
        for i, row in enumerate(rows, start=1):
            where = f"« {self.name} », n° {i}"
            upsert(Expertise, {"slug": row["slug"]}, row, ["name"], where, report, self.name)
