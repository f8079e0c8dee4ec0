"""``calls/includes/field.html`` built in Python: a form field in the DSFR's markup, to the byte.

Each value is written by the template language's own function (``render_value_in_context``),
each ``{% blocktranslate %}`` goes through ``gettext`` with the message id the template has,
and each ``{% if %}`` decides as the template does. A context the template would treat
differently (no bound field, a callable where a value is read) is left to the template
(``Unsupported``). ``tests/calls/test_field_html.py`` renders both and compares them.
"""

from django.forms import BoundField
from django.template.base import render_value_in_context
from django.utils.translation import gettext

from cohorte.calls.templatetags.calls_tags import dsfr_widget, get_item
from cohorte.forms_renderer import Unsupported

CHOICES = ("radioselect", "checkboxselectmultiple")
REPLACE = "Remplacer : %(label)s"
FORMAT = (
    "Format PDF, %(size)s Mo au maximum. Le fichier est envoyé quand vous enregistrez le "
    "brouillon ou déposez la candidature."
)
COUNTER = "%(n)s / %(limit)s caractères"


def plain(value):
    """A value read by the template, which would call it were it callable."""
    if callable(value):
        raise Unsupported
    return value


def failing_to_false(decide) -> bool:
    """What ``{% if %}`` decides of a comparison: false when the comparison fails."""
    try:
        return bool(decide())
    except Exception:
        return False


def field_html(context) -> str:
    """What ``calls/includes/field.html`` writes for the context's ``field``."""
    field = context.get("field")
    if type(field) is not BoundField:
        raise Unsupported
    out = lambda value: render_value_in_context(value, context)  # noqa: E731 - {{ value }}
    widget_type = field.widget_type
    errors = field.errors
    auto_id = out(plain(field.auto_id))
    label = plain(field.label)
    help_text = plain(field.help_text)
    messages = "".join(
        f'<p class="fr-message fr-message--error">{out(error)}</p>' for error in errors
    )
    if widget_type in CHOICES:
        group = "fr-radio-group" if widget_type == "radioselect" else "fr-checkbox-group"
        hint = f'<span class="fr-hint-text">{out(help_text)}</span>' if help_text else ""
        options = "".join(
            f'\n    <div class="fr-fieldset__element">\n      <div class="{group}">\n'
            f"        {out(sub.tag())}\n"
            f'        <label class="fr-label" for="{out(plain(sub.id_for_label))}">'
            f"{out(plain(sub.choice_label))}</label>\n      </div>\n    </div>\n  "
            for sub in field.subwidgets
        )
        return (
            f'\n<fieldset class="fr-fieldset{" fr-fieldset--error" if errors else ""}" '
            f'id="{auto_id}" aria-labelledby="{auto_id}-legend'
            f'{f" {auto_id}-messages" if errors else ""}">\n'
            f'  <legend class="fr-fieldset__legend fr-fieldset__legend--regular" '
            f'id="{auto_id}-legend">\n    {out(label)}{hint}\n  </legend>\n  {options}\n'
            f"{_messages(auto_id, messages, '  ')}</fieldset>\n\n"
        )
    hint = (
        f'<span class="fr-hint-text" id="{auto_id}-hint">{out(help_text)}</span>'
        if help_text
        else ""
    )
    labelled = f'<label class="fr-label" for="{auto_id}">{out(label)}{hint}</label>'
    if widget_type == "checkbox":
        return (
            '\n<div class="fr-fieldset__element">\n'
            f'  <div class="fr-checkbox-group{" fr-checkbox-group--error" if errors else ""}">\n'
            f"    {out(dsfr_widget(field))}\n    {labelled}\n"
            f"{_messages(auto_id, messages, '    ')}  </div>\n</div>\n\n"
        )
    if widget_type == "file":
        return _file_html(context, field, out, auto_id, label, help_text, errors, messages)
    if widget_type == "select":
        return (
            f'\n<div class="fr-select-group{" fr-select-group--error" if errors else ""}">\n'
            f"  {labelled}\n  {out(dsfr_widget(field))}\n"
            f"{_messages(auto_id, messages, '  ')}</div>\n\n"
        )
    if failing_to_false(lambda: "<ul" in help_text):  # a list cannot sit inside a label
        labels = (
            f'\n    <label class="fr-label" for="{auto_id}">{out(label)}</label>\n'
            f'    <div class="fr-hint-text" id="{auto_id}-hint">{out(help_text)}</div>\n  '
        )
    else:
        labels = f"\n    {labelled}\n  "
    return (
        f'\n<div class="fr-input-group{" fr-input-group--error" if errors else ""}">\n'
        f"  {labels}\n  {out(dsfr_widget(field))}\n  {_counter(context, field, out, auto_id)}\n"
        f"{_messages(auto_id, messages, '  ')}</div>\n\n"
    )


def _messages(auto_id: str, messages: str, indent: str) -> str:
    """The field's group of error messages, announced as they change."""
    return (
        f'{indent}<div class="fr-messages-group" id="{auto_id}-messages" aria-live="polite">\n'
        f"{indent}  {messages}\n{indent}</div>\n"
    )


def _file_html(context, field, out, auto_id, label, help_text, errors, messages) -> str:
    """The file branch: the label says "Remplacer" when a file is already there."""
    if "call" not in context:
        raise Unsupported  # the template would write its engine's string_if_invalid
    current = plain(context.get("current"))
    label = gettext(REPLACE) % {"label": out(label)} if current else out(label)
    call = context["call"]
    if isinstance(call, dict) or not hasattr(call, "max_upload_mb"):
        raise Unsupported  # the template would look the size up as a key, or miss it
    size = out(plain(call.max_upload_mb))
    hint = f"{out(help_text)} " if help_text else ""
    return (
        f'\n<div class="fr-upload-group{" fr-upload-group--error" if errors else ""} fr-mb-3w" '
        f'id="{auto_id}-group">\n  <label class="fr-label" for="{auto_id}">{label}\n'
        f'    <span class="fr-hint-text" id="{auto_id}-hint">{hint}'
        f"{gettext(FORMAT) % {'size': size}}</span>\n  </label>\n  {out(dsfr_widget(field))}\n"
        f"{_messages(auto_id, messages, '  ')}</div>\n\n"
    )


def _counter(context, field, out, auto_id: str) -> str:
    """The character counter under a text limited by ``data-limit`` (calls/counters.js)."""
    limit = get_item(plain(field.field.widget.attrs), "data-limit")
    if not limit:
        return ""
    value = field.value()
    try:
        length = len(value or "")
    except (ValueError, TypeError):
        length = 0
    over = " fr-error-text" if failing_to_false(lambda: length > limit) else ""
    count = gettext(COUNTER) % {"n": out(length), "limit": out(limit)}
    return f'<p class="fr-hint-text fr-mt-1v{over}" id="{auto_id}-compteur">{count}</p>'
