"""The team's e-mail templates: the general ones here, a call's own with its call."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.notifications.emails import DEFAULTS, check_template
from cohorte.notifications.models import EmailTemplate

from .base import Part, TemplateError, assign, save_checked, values_of

CARRIED = ["subject", "body"]


def export_templates(call=None) -> list:
    """The e-mail templates written for a call, or the general ones."""
    rows = EmailTemplate.objects.filter(call=call).order_by("key")
    return [values_of(t, ["key", *CARRIED]) for t in rows]


def apply_templates(rows: list, report, section: str, call=None) -> None:
    """Create or update e-mail templates by key; a key this site does not send is left out."""
    for i, row in enumerate(rows, start=1):
        where = f"« {section} », n° {i}"
        if row["key"] not in DEFAULTS:
            report.skipped.append(_("Modèle d'e-mail inconnu : « %(key)s »") % {"key": row["key"]})
            continue
        try:
            check_template(row["key"], str(row.get("subject", "")), str(row.get("body", "")))
        except ValidationError as error:
            raise TemplateError([f"{where} : {' '.join(error.messages)}"]) from error
        template = EmailTemplate.objects.filter(key=row["key"], call=call).first()
        created = template is None
        if created:
            template = EmailTemplate(key=row["key"], call=call)
        if assign(template, row, CARRIED, where) or created:
            save_checked(template, where)
            report.count(section, "created" if created else "updated")
        else:
            report.count(section, "unchanged")


class EmailTemplates(Part):
    name = "email_templates"
    label = gettext_lazy("Modèles d'e-mails")
    fields = frozenset({"key", "subject", "body"})
    required = frozenset({"key", "subject", "body"})
    texts = frozenset({"key"})

    def export(self, programme) -> list:
        return export_templates()

    def apply(self, programme, rows, report) -> None:
        apply_templates(rows, report, self.name)
