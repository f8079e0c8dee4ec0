"""Template helpers of the team's back office: accessible form fields, links keeping filters."""

from urllib.parse import urlencode

from django import template

register = template.Library()


@register.filter
def describedby(field) -> str:
    """Ids of the help text and error messages of a field, for aria-describedby."""
    ids = []
    if field.help_text:
        ids.append(f"{field.id_for_label}-aide")
    if field.errors:
        ids.append(f"{field.id_for_label}-erreur")
    return " ".join(ids)


@register.filter
def is_selected(value, field) -> bool:
    """Whether a select option's value is the field's current value."""
    current = field.value()
    if current in (None, ""):
        current = field.field.initial if field.field.initial is not None else ""
    return str(value) == str(current)


@register.simple_tag
def with_params(url: str, params: dict, **extra) -> str:
    """``url`` with the list's filters (``params``) and ``extra`` values as its query string."""
    query = {**(params or {}), **{k: v for k, v in extra.items() if v not in (None, "")}}
    return f"{url}?{urlencode(query)}" if query else url


BADGES = {
    "submitted": "info",
    "shortlisted": "new",
    "selected": "success",
    "waiting_list": "warning",
    "not_selected": "error",
    "eligible": "success",
    "ineligible": "error",
    "complete": "success",
    "incomplete": "warning",
}


@register.filter
def badge_class(value: str) -> str:
    """The DSFR badge modifier of a status, eligibility or completeness value."""
    kind = BADGES.get(value)
    return f"fr-badge--{kind}" if kind else ""
