"""The form renderer: Django's standard widget templates built in plain Python, to the byte.

Rendering each widget through the template engine (get_template, a context, the include of
input.html then attrs.html) was a large share of the candidate form page's CPU. The builders
below write what those templates write, with the template language's own rules reused
(``render_value_in_context`` for ``{{ x }}``, the ``stringformat`` filter). Anything they do
not cover (another template, a template of that name found before Django's, a callable in the
context, a context of an unexpected shape) is rendered by the templates, as before.
"""

import html
import operator
from pathlib import Path
from types import SimpleNamespace

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.functional import cached_property
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
DJANGO_TEMPLATES = Path(django.forms.__file__).resolve().parent / "templates"
# What a template rendered by the renderer's engine sees: no localisation nor time zone
# forced either way, autoescape on.
TEMPLATE_CONTEXT = SimpleNamespace(use_tz=None, use_l10n=None, autoescape=True)


class Unsupported(Exception):
    """A context the builders do not cover: the template renders it."""


def text(value) -> str:
    """What ``{{ value }}`` writes in an autoescaped template."""
    if type(value) is str:
        return html.escape(value)  # django.utils.html.escape, without its lazy wrapper
    if callable(value):
        raise Unsupported  # the template would call it
    return render_value_in_context(value, TEMPLATE_CONTEXT)


def formatted(value) -> str:
    """What ``{{ value|stringformat:'s' }}`` writes: no localisation, escaped unless safe."""
    if type(value) is str:
        return html.escape(value)
    if callable(value):
        raise Unsupported
    result = stringformat(value, "s")
    # stringformat is an is_safe filter: its output stays safe when its input was.
    return result if isinstance(value, SafeData) else html.escape(result)


def flag(value) -> bool:
    """What ``{% if value %}`` decides."""
    if callable(value):
        raise Unsupported
    return bool(value)


def not_none(value) -> bool:
    """What ``{% if value != None %}`` decides (a comparison that fails is false there)."""
    if value is None:
        return False
    if type(value) is str:
        return True
    if callable(value):
        raise Unsupported
    try:
        match = operator.ne(value, None)
    except Exception:
        return False
    return bool(match)


def attrs_of(widget) -> dict:
    """The widget's attrs, when ``widget.attrs.x`` is a plain dictionary lookup."""
    attrs = widget["attrs"]
    if type(attrs) is not dict or "items" in attrs:
        raise Unsupported  # {{ widget.attrs.items }} would read the "items" key
    return attrs


def attrs_html(widget, builders=None) -> str:
    """attrs.html."""
    out = []
    for name, value in attrs_of(widget).items():
        if value is not False:
            out.append(f" {text(name)}" if value is True else f' {text(name)}="{formatted(value)}"')
    return "".join(out)


def input_html(widget, builders=None) -> str:
    """input.html."""
    value = widget["value"]
    shown = f' value="{formatted(value)}"' if not_none(value) else ""
    return (
        f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"'
        f"{shown}{attrs_html(widget)}>\n"
    )


def including_input(widget, builders=None) -> str:
    """text.html, hidden.html, checkbox.html and the other inputs: input.html included."""
    return input_html(widget) + "\n"


def input_option_html(widget, builders=None) -> str:
    """input_option.html."""
    if not flag(widget.get("wrap_label")):
        return input_html(widget) + "\n"
    target = attrs_of(widget).get("id")
    target = f' for="{text(target)}"' if flag(target) else ""
    return f"<label{target}>{input_html(widget)} {text(widget['label'])}</label>\n"


def including_input_option(widget, builders=None) -> str:
    """radio_option.html and checkbox_option.html: input_option.html included."""
    return input_option_html(widget) + "\n"


def option_html(option, builders) -> str:
    """``{% include option.template_name with widget=option %}``."""
    build = builders.get(option["template_name"])
    if build is None:
        raise Unsupported
    return build(option, builders)


def select_html(widget, builders) -> str:
    """select.html."""
    out = [f'<select name="{text(widget["name"])}"{attrs_html(widget)}>']
    for group_name, group_choices, _ in widget["optgroups"]:
        grouped = flag(group_name)
        if grouped:
            out.append(f'\n  <optgroup label="{text(group_name)}">')
        for option in group_choices:
            out.append("\n  " + option_html(option, builders))
        if grouped:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def select_option_html(widget, builders=None) -> str:
    """select_option.html."""
    return (
        f'<option value="{formatted(widget["value"])}"{attrs_html(widget)}>'
        f"{text(widget['label'])}</option>\n"
    )


def multiple_input_html(widget, builders) -> str:
    """multiple_input.html."""
    attrs = attrs_of(widget)
    target, css = attrs.get("id"), attrs.get("class")
    out = ["<div"]
    if flag(target):
        out.append(f' id="{text(target)}"')
    if flag(css):
        out.append(f' class="{text(css)}"')
    out.append(">")
    for group, options, _ in widget["optgroups"]:
        grouped = flag(group)
        if grouped:
            out.append(f"\n  <div><label>{text(group)}</label>")
        for option in options:
            out.append(f"<div>\n    {option_html(option, builders)}</div>")
        if grouped:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def including_multiple_input(widget, builders) -> str:
    """radio.html and checkbox_select.html: multiple_input.html included."""
    return multiple_input_html(widget, builders) + "\n"


def textarea_html(widget, builders=None) -> str:
    """textarea.html."""
    value = widget["value"]
    shown = text(value) if flag(value) else ""
    return f'<textarea name="{text(widget["name"])}"{attrs_html(widget)}>\n{shown}</textarea>\n'


def clearable_file_input_html(widget, builders=None) -> str:
    """clearable_file_input.html without a current file (with one, the template renders it)."""
    if flag(widget["is_initial"]):
        raise Unsupported
    kind, name = text(widget["type"]), text(widget["name"])
    return f'\n<input type="{kind}" name="{name}"{attrs_html(widget)}>\n'


INPUTS = ("checkbox", "color", "date", "datetime", "email", "file", "hidden", "number")
INPUTS += ("password", "search", "tel", "text", "time", "url")
# Each template built here: its builder, and the templates it includes by name (all of which
# must be Django's own for the builder to stand for it).
BUILT = {
    "attrs.html": (attrs_html, ()),
    "input.html": (input_html, ("attrs.html",)),
    **{f"{kind}.html": (including_input, ("input.html", "attrs.html")) for kind in INPUTS},
    "input_option.html": (input_option_html, ("input.html", "attrs.html")),
    "radio_option.html": (
        including_input_option,
        ("input_option.html", "input.html", "attrs.html"),
    ),
    "checkbox_option.html": (
        including_input_option,
        ("input_option.html", "input.html", "attrs.html"),
    ),
    "select.html": (select_html, ("attrs.html",)),
    "select_option.html": (select_option_html, ("attrs.html",)),
    "multiple_input.html": (multiple_input_html, ()),
    "radio.html": (including_multiple_input, ("multiple_input.html",)),
    "checkbox_select.html": (including_multiple_input, ("multiple_input.html",)),
    "textarea.html": (textarea_html, ("attrs.html",)),
    "clearable_file_input.html": (clearable_file_input_html, ("attrs.html",)),
}


class FastWidgetRenderer(DjangoTemplates):
    """Django's template renderer, with the standard widget templates built in Python."""

    @cached_property
    def builders(self) -> dict:
        """Template name to builder, for the templates that resolve to Django's own files."""
        djangos = {}
        for name in {n for built, (_, included) in BUILT.items() for n in (built, *included)}:
            try:
                origin = self.get_template(WIDGETS + name).origin.name
            except TemplateDoesNotExist:
                continue
            djangos[name] = Path(origin).resolve() == DJANGO_TEMPLATES / WIDGETS / name
        return {
            WIDGETS + name: build
            for name, (build, included) in BUILT.items()
            if all(djangos.get(n) for n in (name, *included))
        }

    def render(self, template_name, context, request=None):
        build = self.builders.get(template_name)
        if build is not None:
            try:
                return build(context["widget"], self.builders).strip()
            except Exception:
                pass  # Unsupported, or an error the template is left to raise its own way
        return super().render(template_name, context, request)
