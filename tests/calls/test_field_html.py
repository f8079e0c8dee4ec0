"""``calls/includes/field.html`` built in Python writes exactly what the template writes."""

import datetime

import pytest
from django import forms
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, engines
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import lazystr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohorte.built_templates import TEMPLATES, BuiltNode, Loader
from cohorte.calls.field_html import field_html
from cohorte.forms_renderer import Unsupported
from tests.calls.test_form_renderer_page import FAST, add_questions, page, refused_post

NAME = "calls/includes/field.html"
TRICKY = '<a href="x">Tom & Jerry\'s "1,5"</a>'
RULES = SafeString("<ul><li>12 caractères</li><li>pas que des chiffres</li></ul>")
CHOICES = [("a&b", TRICKY), ("2", "Deux"), ("lazy", gettext_lazy("Oui"))]


class Call:
    """What the template reads of a call: its upload limit."""

    max_upload_mb = 10


def reference():
    """The template compiled from its file, without the builder."""
    return engines["django"].from_string((TEMPLATES / NAME).read_text()).template


def rendered(template, **values) -> str:
    with translation.override("fr"):
        return template.render(Context(values, autoescape=True))


def both(**values) -> str:
    """The field written by the builder and by the template; asserts they agree."""
    built = engines["django"].get_template(NAME).template
    assert isinstance(built.nodelist[0], BuiltNode)  # the loader did build it
    with translation.override("fr"):
        direct = field_html(Context(values, autoescape=True))
    written = rendered(built, **values)
    assert written == direct
    assert written == rendered(reference(), **values)
    return written


def make_form(label=TRICKY, help_text=TRICKY, **options):
    """A form with a field of every kind the template knows, each with label and help."""
    common = {"label": label, "help_text": help_text, "required": False}

    class EveryKind(forms.Form):
        text = forms.CharField(**common)
        counted = forms.CharField(widget=forms.Textarea(attrs={"data-limit": 12}), **common)
        url = forms.URLField(widget=forms.URLInput(attrs={"maxlength": 300}), **common)
        number = forms.IntegerField(**common)
        day = forms.DateField(**common)
        select = forms.ChoiceField(choices=CHOICES, **common)
        radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, **common)
        boxes = forms.MultipleChoiceField(
            choices=CHOICES, widget=forms.CheckboxSelectMultiple, **common
        )
        agree = forms.BooleanField(**common)
        cv = forms.FileField(widget=forms.FileInput, **common)
        clearable = forms.FileField(**common)  # "clearablefile": the template's last branch
        password = forms.CharField(widget=forms.PasswordInput, label=label, help_text=RULES)

        def clean(self):
            self.add_error(None, "Le formulaire entier")

    return EveryKind(**options)


FILLED = {
    "text": TRICKY,
    "counted": "treize lettres",
    "url": "pas une adresse",
    "number": "x",
    "day": "2026-13-40",
    "select": "nope",
    "radio": "nope",
    "boxes": ["a&b", "lazy"],
    "agree": "on",
}
FORMS = {
    "unbound": {},
    "initial": {"initial": {"text": TRICKY, "counted": "court", "radio": "2", "boxes": ["2"]}},
    "bound with errors": {"data": FILLED, "files": {"cv": SimpleUploadedFile("cv.pdf", b"%PDF")}},
    "bound and short": {"data": {**FILLED, "counted": "court", "number": "3", "radio": "a&b"}},
    "no auto id": {"auto_id": False, "data": FILLED},
    "prefixed": {"prefix": "p", "auto_id": "champ_%s"},
}
LABELS = [
    (TRICKY, TRICKY),
    ("", ""),
    (gettext_lazy("Oui"), lazystr(TRICKY)),
    (mark_safe("<b>Nom</b>"), RULES),
    ("Remplacer", SafeString("une aide <ul> en liste")),
]
CONTEXTS = [
    {"call": Call()},
    {"call": Call(), "current": True},
    {"call": Call(), "current": "cv.pdf"},
    {"call": Call(), "current": ""},
]


@pytest.mark.parametrize("options", FORMS.values(), ids=FORMS.keys())
@pytest.mark.parametrize("label, help_text", LABELS)
def test_every_kind_of_field_is_written_as_the_template_writes_it(options, label, help_text):
    form = make_form(label, help_text, **options)
    for field in form:
        both(field=field, call=Call())
    for extra in CONTEXTS:  # what only the file's label and hint read
        both(field=form["cv"], **extra)


def test_the_kinds_are_those_the_template_tells_apart():
    form = make_form(data=FILLED)
    written = {field.name: both(field=field, call=Call()) for field in form}
    assert written["radio"].startswith('\n<fieldset class="fr-fieldset fr-fieldset--error"')
    assert '<div class="fr-radio-group">' in written["radio"]
    assert '<div class="fr-checkbox-group">' in written["boxes"]
    assert written["agree"].startswith('\n<div class="fr-fieldset__element">')
    assert written["cv"].startswith('\n<div class="fr-upload-group fr-mb-3w" id="id_cv-group">')
    assert "Format PDF, 10 Mo au maximum." in written["cv"]
    assert written["select"].startswith('\n<div class="fr-select-group fr-select-group--error">')
    assert (
        '<p class="fr-hint-text fr-mt-1v fr-error-text" id="id_counted-compteur">'
        "14 / 12 caractères</p>"
    ) in written["counted"]
    assert '<div class="fr-hint-text" id="id_password-hint"><ul>' in written["password"]
    assert written["text"].endswith("</div>\n</div>\n\n")


def test_a_current_file_makes_the_label_say_replace():
    field = make_form(label=TRICKY)["cv"]
    written = both(field=field, call=Call(), current=True)
    assert "Remplacer : &lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#x27;s" in written


@pytest.mark.parametrize(
    "values",
    [
        {"field": "pas un champ"},
        {},
        {"field": make_form()["cv"]},  # no call: the template writes what its engine writes
        {"field": make_form()["cv"], "call": {"max_upload_mb": 3}},
        {"field": make_form()["cv"], "call": Call(), "current": lambda: True},
    ],
    ids=["not a field", "no field", "no call", "a call as a mapping", "a callable"],
)
def test_what_the_builder_does_not_cover_is_the_template_s(values):
    with pytest.raises(Unsupported), translation.override("fr"):
        field_html(Context(values))
    built = engines["django"].get_template(NAME).template
    assert outcome(built, values) == outcome(reference(), values)


def outcome(template, values) -> str:
    """What rendering writes, or the kind of error it raises."""
    try:
        return rendered(template, **values)
    except Exception as error:
        return type(error).__name__


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    label=st.text(max_size=30),
    help_text=st.text(max_size=30),
    value=st.text(max_size=30),
    day=st.dates(min_value=datetime.date(1900, 1, 1)),
)
def test_any_text_is_written_as_the_template_writes_it(label, help_text, value, day):
    data = {**FILLED, "text": value, "counted": value, "radio": value, "day": day.isoformat()}
    for options in ({}, {"data": data}):
        for field in make_form(label, help_text, **options):
            both(field=field, call=Call(), current=value)


@pytest.mark.django_db
def test_the_candidate_form_page_is_the_same_with_the_template(client, world):
    """The whole page, with a question of every kind, bound with errors and not."""
    add_questions(world.call)
    client.force_login(world.candidate)
    url = reverse("calls:application", args=[world.call.slug])
    options = {k: v for k, v in django_settings.TEMPLATES[0]["OPTIONS"].items() if k != "loaders"}
    plain = [{**django_settings.TEMPLATES[0], "APP_DIRS": True, "OPTIONS": options}]

    def built_and_plain(render):
        """The page written with the built template, then with the template alone."""
        built = render()
        with override_settings(TEMPLATES=plain):
            assert not isinstance(engines["django"].engine.template_loaders[0], Loader)
            assert render() == built
        return built

    status, html = built_and_plain(lambda: page(client, FAST, "GET", url))
    refused, refused_html = built_and_plain(
        lambda: refused_post(client, world.application, url, {}, FAST)
    )
    assert (status, refused) == (200, 400)
    assert html.count('class="fr-messages-group"') >= 10
    assert 'aria-invalid="true" aria-describedby="id_cv-messages"' in refused_html
