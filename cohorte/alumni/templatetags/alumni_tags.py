from django import template

from cohorte.alumni.models import Situation

register = template.Library()
LABELS = dict(Situation.choices)


@register.filter
def situation_label(value) -> str:
    """The label of a situation value (annotated rows carry the value only)."""
    return str(LABELS.get(value, value or ""))
