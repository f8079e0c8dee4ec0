"""The form renderer's widgets built in Python write exactly what Django's templates write."""

import datetime
import decimal
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.functional import cached_property, lazystr
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohorte.alumni.forms import DateInput as AlumniDateInput
from cohorte.calls.configuration_forms import DayInput, MomentInput
from cohorte.contributions.forms import LocalDateTimeInput
from cohorte.forms_renderer import DJANGO_TEMPLATES, WIDGETS, FastWidgetRenderer

PARIS = ZoneInfo("Europe/Paris")
REFERENCE = DjangoTemplates()


class FastOnly(FastWidgetRenderer):
    """The fast renderer that fails as soon as it falls back to a template."""

    def get_template(self, template_name):
        if "builders" in self.__dict__:
            raise AssertionError(f"{template_name} rendered by the template engine")
        return super().get_template(template_name)


class Watched(FastWidgetRenderer):
    """The fast renderer that lists the templates it falls back to."""

    def __init__(self):
        self.fallbacks = []

    def get_template(self, template_name):
        if "builders" in self.__dict__:
            self.fallbacks.append(template_name)
        return super().get_template(template_name)


FAST = FastOnly()

TRICKY = '<a href="x">Tom & Jerry\'s</a>'
VALUES = [
    None, "", " ", "0", 0, 1, -7, 1.5, 1234567.25, decimal.Decimal("1234.50"), True, False,
    TRICKY, "élan\nsuite", gettext_lazy("Oui"), lazystr(TRICKY), SafeString("<b>sûr</b>"),
    datetime.date(2026, 6, 7), datetime.datetime(2026, 6, 7, 23, 5, tzinfo=PARIS),
    datetime.datetime(2026, 6, 7, 23, 5), datetime.time(9, 30),
]  # fmt: skip
ATTRS = [
    None,
    {"id": "id_x", "class": "fr-input"},
    {
        "required": True, "disabled": False, "placeholder": None, "maxlength": 200, "rows": 8,
        "step": decimal.Decimal("0.5"), "min": 1.5, "title": TRICKY, "zero": 0,
        "data-safe": SafeString("<i>ok</i>"), "aria-label": gettext_lazy("Non"),
        "data-day": datetime.date(2026, 1, 2), TRICKY: "name escaped",
    },
]  # fmt: skip
CHOICES = [
    ("", "---------"),
    ("a&b", TRICKY),
    (1, 1),
    (decimal.Decimal("2.5"), decimal.Decimal("2.5")),
    ("lazy", gettext_lazy("Oui")),
    ("safe", SafeString("<em>déjà sûr</em>")),
    (TRICKY, [("g1", "Un"), ("g2", 2.5), (3, datetime.date(2026, 6, 7))]),
    (gettext_lazy("Non"), [("n1", "Dans un groupe au nom traduit")]),
]
SELECTED = [None, "", "a&b", "1", ["1", "g2"], ["a&b", "lazy", "safe", "g1", "3", "n1"], [], "x"]


def same(widget, name, value, attrs=None, renderer=FAST) -> str:
    """The widget rendered by both renderers, in French; asserts they agree, returns it."""
    with translation.override("fr"):
        fast = widget.render(name, value, attrs, renderer=renderer)
        reference = widget.render(name, value, attrs, renderer=REFERENCE)
    assert fast == reference
    return fast


INPUTS = [
    forms.TextInput, forms.HiddenInput, forms.URLInput, forms.EmailInput, forms.NumberInput,
    forms.PasswordInput, lambda **kw: forms.PasswordInput(render_value=True, **kw),
    forms.DateInput, forms.DateTimeInput, forms.TimeInput, AlumniDateInput, DayInput,
    MomentInput, LocalDateTimeInput,
    lambda attrs=None: forms.TextInput(attrs={"type": "tel", **(attrs or {})}),
    forms.Textarea, forms.FileInput, forms.ClearableFileInput, forms.CheckboxInput,
    lambda **kw: forms.CheckboxInput(check_test=bool, **kw),
]  # fmt: skip


@pytest.mark.parametrize("make", INPUTS)
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
def test_inputs_are_written_as_their_templates_write_them(make, attrs, value):
    widget = make(attrs={"autocomplete": "off", "data-limit": 3000})
    same(widget, "champ", value, attrs)
    same(widget, TRICKY, value, attrs)


CHOOSERS = [forms.Select, forms.SelectMultiple, forms.RadioSelect, forms.CheckboxSelectMultiple]


@pytest.mark.parametrize("make", CHOOSERS)
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("selected", SELECTED)
def test_choices_are_written_as_their_templates_write_them(make, attrs, selected):
    widget = make(choices=CHOICES)
    html = same(widget, "choix", selected, attrs)
    assert html.count("<option") + html.count("<input") == 10


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("selected", [None, "", True, False, "true", "false", "2", "3", "x"])
def test_a_null_boolean_select_is_written_as_its_template_writes_it(attrs, selected):
    html = same(forms.NullBooleanSelect(), "oui_non", selected, attrs)
    assert html.count(" selected>") == 1


def test_a_selected_option_in_a_group_with_an_escaped_label_reads_exactly():
    html = same(forms.Select(choices=CHOICES), "choix", "g2")
    assert (
        '\n  <optgroup label="&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#x27;s&lt;/a&gt;">'
        '\n  <option value="g1">Un</option>\n\n  <option value="g2" selected>2,5</option>\n'
    ) in html


@pytest.mark.parametrize("make", [forms.RadioSelect, forms.CheckboxSelectMultiple])
def test_each_option_rendered_alone_is_its_template(make):
    """A template that renders the options one by one ({{ sub.tag }}) gets the same bytes."""
    field_class = forms.MultipleChoiceField if make is forms.CheckboxSelectMultiple else None
    field_class = field_class or forms.ChoiceField

    class Form(forms.Form):
        field = field_class(choices=CHOICES, widget=make(attrs={"data-x": TRICKY}))

    with translation.override("fr"):
        fast = Form({"field": "g1"}, renderer=FAST)["field"]
        reference = Form({"field": "g1"}, renderer=REFERENCE)["field"]
        pairs = list(zip(fast.subwidgets, reference.subwidgets, strict=True))
        assert [(f.tag(), f.tag(wrap_label=True)) for f, _ in pairs] == [
            (r.tag(), r.tag(wrap_label=True)) for _, r in pairs
        ]
        checked = [str(f.tag()) for f, _ in pairs if " checked" in f.tag()]
        assert len(pairs) == 10 and len(checked) == 1 and 'value="g1"' in checked[0]


class StoredFile:
    """A file already stored, as a FileField gives it to its widget."""

    url = "/media/cv.pdf?a=1&b=2"

    def __str__(self):
        return "cv <1>.pdf"


def test_a_clearable_file_input_with_a_current_file_is_left_to_its_template():
    renderer = Watched()
    html = same(forms.ClearableFileInput(), "cv", StoredFile(), {"id": "id_cv"}, renderer)
    assert 'href="/media/cv.pdf?a=1&amp;b=2">cv &lt;1&gt;.pdf</a>' in html
    assert renderer.fallbacks == [WIDGETS + "clearable_file_input.html"]


def test_what_the_template_would_call_is_left_to_the_template():
    renderer = Watched()
    html = same(forms.TextInput(), "n", "v", {"data-called": lambda: "appelé"}, renderer)
    assert html == '<input type="text" name="n" value="v" data-called="appelé">'
    assert renderer.fallbacks == [WIDGETS + "text.html"]


def test_an_attribute_named_items_is_left_to_the_template():
    """{% for name, value in widget.attrs.items %} reads the key "items" when there is one."""
    renderer = Watched()
    with pytest.raises(ValueError, match="Need 2 values to unpack"):
        forms.TextInput().render("n", "v", {"items": "ab c"}, renderer=renderer)
    assert renderer.fallbacks == [WIDGETS + "text.html"]


def test_a_value_the_template_fails_on_fails_the_same_way():
    """{{ }} of an infinite Decimal fails in Django's number formatting: the same error here."""
    renderer = Watched()
    choices = [("x", decimal.Decimal("Infinity"))]
    with pytest.raises(TypeError, match="bad operand type for abs"):
        forms.Select(choices=choices).render("n", "x", renderer=renderer)
    assert renderer.fallbacks == [WIDGETS + "select.html"]


def test_other_templates_are_rendered_by_the_template_engine():
    renderer = Watched()

    class Form(forms.Form):
        name = forms.CharField(label=TRICKY, help_text="Aide")
        when = forms.SplitDateTimeField()
        day = forms.DateField(widget=forms.SelectDateWidget(years=[2026]))

    with translation.override("fr"):
        data = {"name": TRICKY, "when_0": "07/06/2026", "day_year": "2026"}
        fast = Form(data, renderer=renderer).render()
        assert fast == Form(data, renderer=REFERENCE).render()
    assert WIDGETS + "text.html" not in renderer.fallbacks  # the name's input, built
    assert renderer.fallbacks[:1] == ["django/forms/div.html"]
    assert {WIDGETS + "splitdatetime.html", WIDGETS + "select_date.html"} <= set(renderer.fallbacks)
    assert "django/forms/div.html" not in renderer.builders


def overridden(base, folder):
    """A renderer of class base whose engine finds folder's templates before Django's."""

    class Overridden(base):
        @cached_property
        def engine(self):
            return self.backend(
                {"APP_DIRS": True, "DIRS": [folder, DJANGO_TEMPLATES], "NAME": "t", "OPTIONS": {}}
            )

    return Overridden()


def test_a_template_found_before_djangos_is_rendered_by_the_template(tmp_path):
    widgets = tmp_path / WIDGETS
    widgets.mkdir(parents=True)
    (widgets / "input.html").write_text('<input data-mine name="{{ widget.name }}">\n')
    fast, plain = overridden(FastWidgetRenderer, tmp_path), overridden(DjangoTemplates, tmp_path)
    built = {name.removeprefix(WIDGETS) for name in fast.builders}
    assert "input.html" not in built and "text.html" not in built
    assert "radio_option.html" not in built and "checkbox_option.html" not in built
    assert {"textarea.html", "select.html", "select_option.html", "radio.html"} <= built
    assert forms.TextInput().render("n", "v", renderer=fast) == '<input data-mine name="n">'
    radios = forms.RadioSelect(choices=[("a", "A")])
    assert radios.render("r", "a", renderer=fast) == radios.render("r", "a", renderer=plain)
    assert '<label><input data-mine name="r">\n A</label>' in radios.render("r", "a", renderer=fast)


# --- Any attributes, values and choices ------------------------------------------------

names = st.text(min_size=1, max_size=8).filter(lambda name: name != "items")
plain_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(allow_nan=False, allow_infinity=False),  # Django's {{ }} fails on the others
    st.text(max_size=12),
    st.sampled_from(["<", ">", "&", '"', "'", TRICKY]),
    st.dates(),
    st.datetimes(
        min_value=datetime.datetime(1900, 1, 1),
        max_value=datetime.datetime(9000, 1, 1),
        timezones=st.one_of(st.none(), st.just(PARIS), st.just(datetime.UTC)),
    ),
    st.times(),
)
values = st.one_of(
    plain_values,
    st.text(max_size=12).map(SafeString),
    st.text(max_size=12).map(lazystr),
    st.sampled_from([gettext_lazy("Oui"), gettext_lazy("Non")]),
)
attrs_dicts = st.dictionaries(names, values, max_size=5)


def option(data, template_name: str) -> dict:
    """An option's context, as ChoiceWidget.create_option builds it, with drawn contents."""
    return {
        "name": data.draw(values),
        "value": data.draw(values),
        "label": data.draw(values),
        "selected": data.draw(st.booleans()),
        "index": "0",
        "attrs": data.draw(attrs_dicts),
        "type": data.draw(st.sampled_from(["radio", "checkbox", "<x>"])),
        "template_name": WIDGETS + template_name,
        "wrap_label": data.draw(st.booleans()),
    }


def optgroups(data, template_name: str) -> list:
    groups = st.lists(st.integers(0, 3), max_size=3)
    return [
        (data.draw(values), [option(data, template_name) for _ in range(count)], index)
        for index, count in enumerate(data.draw(groups))
    ]


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
SINGLE = ["text.html", "hidden.html", "checkbox.html", "date.html", "file.html", "url.html"]
SINGLE += ["textarea.html", "clearable_file_input.html", "input_option.html"]
SINGLE += ["radio_option.html", "checkbox_option.html", "select_option.html"]


@PROPERTY
@given(data=st.data(), template_name=st.sampled_from(SINGLE))
def test_any_widget_context_is_written_as_its_template_writes_it(data, template_name):
    widget = option(data, template_name)
    widget["is_initial"] = False
    widget["required"] = data.draw(st.booleans())
    context = {"widget": widget}
    with translation.override(data.draw(st.sampled_from(["fr", "en"]))):
        name = WIDGETS + template_name
        assert FAST.render(name, context) == REFERENCE.render(name, context)


@PROPERTY
@given(
    data=st.data(),
    pair=st.sampled_from(
        [
            ("select.html", "select_option.html"),
            ("radio.html", "radio_option.html"),
            ("checkbox_select.html", "checkbox_option.html"),
            ("multiple_input.html", "input_option.html"),
        ]
    ),
)
def test_any_choices_context_is_written_as_its_template_writes_it(data, pair):
    template_name, option_template = pair
    widget = option(data, template_name)
    widget["optgroups"] = optgroups(data, option_template)
    context = {"widget": widget}
    with translation.override("fr"):
        name = WIDGETS + template_name
        assert FAST.render(name, context) == REFERENCE.render(name, context)


labels = st.one_of(plain_values, st.text(max_size=8).map(SafeString))
choice = st.tuples(st.text(max_size=6), labels)
choice_lists = st.lists(
    st.one_of(choice, st.tuples(st.text(min_size=1, max_size=6), st.lists(choice, max_size=3))),
    max_size=5,
)


@PROPERTY
@given(
    make=st.sampled_from(CHOOSERS),
    choices=choice_lists,
    selected=st.lists(st.text(max_size=6), max_size=3),
    attrs=attrs_dicts,
)
def test_any_choices_and_selection_of_a_real_widget(make, choices, selected, attrs):
    same(make(choices=choices), "choix", selected, attrs)


@PROPERTY
@given(make=st.sampled_from(INPUTS), value=values, attrs=attrs_dicts)
def test_any_value_and_attributes_of_a_real_input(make, value, attrs):
    same(make(), "champ", value, attrs)
