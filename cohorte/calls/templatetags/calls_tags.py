"""Template helpers of the candidate's pages: DSFR widgets and small look-ups."""

from django import forms, template
from django.forms.widgets import Input

register = template.Library()


@register.filter
def dsfr_widget(field):
    """A form field's widget with its DSFR class and its hint and error messages linked."""
    widget = field.field.widget
    attrs = {}
    if isinstance(widget, forms.CheckboxInput):
        pass
    elif isinstance(widget, forms.FileInput):
        attrs["class"] = "fr-upload"
    elif isinstance(widget, forms.Select):
        attrs["class"] = "fr-select"
    elif isinstance(widget, (forms.Textarea, Input)):
        attrs["class"] = "fr-input"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if widget.attrs.get("data-limit"):
        described.append(f"{field.auto_id}-compteur")  # the character counter under it
    if field.errors:
        described.append(f"{field.auto_id}-messages")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def get_item(mapping, key):
    """mapping[key], or None."""
    try:
        return mapping.get(key) if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def field_key(question_id):
    """The form field name of a question: "q_12"."""
    return f"q_{question_id}"


@register.filter
def short_hash(value):
    """The first 12 characters of a digest, as people compare them."""
    return (value or "")[:12]


@register.filter
def file_size(size):
    """A size in French units: "240 Ko", "1,2 Mo"."""
    size = int(size or 0)
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} Ko"
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")
