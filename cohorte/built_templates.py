"""Templates built in Python: a few hot include templates written by a function, to the byte.

A form field's include (``calls/includes/field.html``, some fifteen times on the candidate's
form) cost more CPU through the template engine than the rest of the page. The cached loader
below hands out the template as usual, its body replaced by one node that calls the builder and
renders the template's own nodes for any context the builder does not cover
(``forms_renderer.Unsupported``). The template stays the reference: a differential test
renders both. A template of that name found elsewhere than in Cohorte's own folder (a project
overriding it) is left alone.
"""

from functools import cache
from pathlib import Path

from django.template import Node, NodeList
from django.template.loaders import cached
from django.utils.module_loading import import_string

from cohorte.forms_renderer import Unsupported

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Template name: the dotted path of its builder, a function of the template's context.
BUILDERS = {"calls/includes/field.html": "cohorte.calls.field_html.field_html"}


@cache
def builder(name: str):
    """The builder of template ``name``."""
    return import_string(BUILDERS[name])


class BuiltNode(Node):
    """The whole body of a built template: the builder, or the template's nodes."""

    def __init__(self, build, template):
        self.build = build
        self.nodelist = template.nodelist
        # Where an error is shown in debug mode: the template's first tag.
        self.origin = template.origin
        self.token = next((node.token for node in self.nodelist), None)

    def render(self, context):
        try:
            return self.build(context)
        except Unsupported:
            return self.nodelist.render(context)


def build(template):
    """``template`` with its body built in Python when it is one of Cohorte's built ones."""
    name = template.origin.template_name
    nodes = template.nodelist
    if name not in BUILDERS or (len(nodes) == 1 and isinstance(nodes[0], BuiltNode)):
        return template
    if Path(template.origin.name).resolve() == TEMPLATES / name:
        template.nodelist = NodeList([BuiltNode(builder(name), template)])
    return template


class Loader(cached.Loader):
    """Django's cached loader, with the built templates built once loaded."""

    def get_template(self, template_name, skip=None):
        return build(super().get_template(template_name, skip))
