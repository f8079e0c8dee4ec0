"""The candidate's forms. They only read the request: every rule lives in applications.py."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cohorte.params import int_params
from cohorte.public.formats import format_number as french_number

from . import applications
from .choices import choice_options, decode, encode
from .models import Application, Call, Question

TEXT_KINDS = {Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT, Question.Kind.URL}
YES_NO = [("yes", _("Oui")), ("no", _("Non"))]
GENDER_HELP = _(
    "Facultatif. Cette réponse sert uniquement à établir des statistiques anonymes sur la "
    "diversité des candidatures : elle n'est jamais montrée aux personnes qui évaluent "
    "votre candidature."
)


class ListField(forms.Field):
    """A list of plain values (checkboxes), checked by the domain, not by the form."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        return [str(v) for v in value] if value else []


class RankedChoicesWidget(forms.Widget):
    """Several selects sharing one name, in rank order (rendered by the template)."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])


class RankedChoicesField(forms.Field):
    widget = RankedChoicesWidget

    def to_python(self, value):
        ranked = []
        for item in value or []:
            if not item:
                continue  # a rank left empty
            key = decode(item)
            if key is None:
                raise forms.ValidationError(_("Un de vos choix n'est pas proposé par cet appel."))
            ranked.append({"challenge": key[0], "profile": key[1]})
        return ranked


def question_field(question: Question) -> forms.Field:
    """The form field of one question (all optional here: completeness is checked on submit)."""
    label = question.label
    if not question.required:
        label = gettext("%(label)s (facultatif)") % {"label": question.label}
    help_text = question.help_text
    kind = question.kind
    if kind in TEXT_KINDS and kind != Question.Kind.URL:
        limit = applications.max_length(question)
        help_text = " ".join(
            t
            for t in (
                help_text,
                gettext("%(n)s caractères au maximum.") % {"n": french_number(limit)},
            )
            if t
        )
    common = {"label": label, "help_text": help_text, "required": False}
    if kind in TEXT_KINDS:
        # A text answer shows a counter (calls/counters.js) rather than a maxlength, which
        # would silently cut a pasted text; the server refuses what is over the limit.
        limit_attr = "maxlength" if kind == Question.Kind.URL else "data-limit"
        attrs = {limit_attr: applications.max_length(question)}
        if kind == Question.Kind.LONG_TEXT:
            widget = forms.Textarea(attrs={**attrs, "rows": 8})
        elif kind == Question.Kind.URL:
            widget = forms.URLInput(attrs={**attrs, "placeholder": "https://"})
        else:
            widget = forms.TextInput(attrs=attrs)
        return forms.CharField(strip=False, widget=widget, **common)
    if kind == Question.Kind.SINGLE_CHOICE:
        choices = [(o, o) for o in question.options]
        return forms.CharField(widget=forms.RadioSelect(choices=choices), **common)
    if kind == Question.Kind.MULTIPLE_CHOICE:
        choices = [(o, o) for o in question.options]
        return ListField(widget=forms.CheckboxSelectMultiple(choices=choices), **common)
    if kind == Question.Kind.YES_NO:
        return forms.CharField(widget=forms.RadioSelect(choices=YES_NO), **common)
    return forms.FileField(
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}), **common
    )


class ApplicationForm(forms.Form):
    """The application form of a call, built from its questions and settings."""

    application = forms.IntegerField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    first_name = forms.CharField(label=_("Prénom"), required=False, max_length=150)
    last_name = forms.CharField(label=_("Nom"), required=False, max_length=150)
    phone = forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=40,
        help_text=_("Pour vous joindre si vous êtes invité·e à une audition."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, call: Call, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.application = application
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.questions = list(call.questions.all())
        for question in self.questions:
            self.fields[f"q_{question.pk}"] = question_field(question)
        pdf = {"accept": ".pdf,application/pdf"}
        self.fields["cv"] = forms.FileField(
            label=_("CV (PDF)"),
            required=False,
            widget=forms.FileInput(attrs=pdf),
        )
        if call.portfolio_enabled:
            self.fields["portfolio"] = forms.FileField(
                label=_("Portfolio (PDF, facultatif)"),
                required=False,
                widget=forms.FileInput(attrs=pdf),
            )
        self.options = (
            choice_options(call) if call.choice_timing == Call.ChoiceTiming.APPLICATION else []
        )
        if self.options:
            self.fields["choices"] = RankedChoicesField(required=False, label=_("Vos choix"))
        self.statements = list(call.statements.all())
        self.fields["statements"] = ListField(
            label=_("Déclarations sur l'honneur"),
            required=False,
            widget=forms.CheckboxSelectMultiple(
                choices=[(str(s.pk), s.text) for s in self.statements]
            ),
        )
        self.fields["gender"] = forms.CharField(
            label=_("Genre"),
            required=False,
            help_text=GENDER_HELP,
            widget=forms.RadioSelect(choices=Application.Gender.choices),
        )
        self.fields["publication_consent"] = forms.BooleanField(
            label=_(
                "J'accepte, si je suis retenu·e, que mon nom, ma photo et mon parcours "
                "apparaissent sur le site public du programme."
            ),
            required=False,
        )

    @classmethod
    def initial_for(cls, application: Application) -> dict:
        """The form's values from what the application holds."""
        initial = {
            "application": application.pk,
            "revision": application.revision,
            "first_name": application.first_name,
            "last_name": application.last_name,
            "phone": application.phone,
            "statements": [str(s) for s in application.statements or []],
            "gender": application.gender,
            "publication_consent": application.publication_consent,
        }
        for key, value in (application.answers or {}).items():
            if value is True:
                value = "yes"
            elif value is False:
                value = "no"
            initial[f"q_{key}"] = value
        return initial

    def file_fields(self) -> list[str]:
        """Names of the file inputs (left out of the autosave)."""
        return [name for name, field in self.fields.items() if isinstance(field, forms.FileField)]

    def ranked_values(self) -> list[str]:
        """The value selected at each rank, for rendering the selects."""
        if self.is_bound:
            values = list(self.data.getlist("choices")) if hasattr(self.data, "getlist") else []
        else:
            values = [encode(c.challenge_id, c.profile_id) for c in self.application.choices.all()]
        values = values[: self.call.max_choices]
        return values + [""] * (self.call.max_choices - len(values))

    def to_data(self, with_files: bool = True) -> dict:
        """The domain's draft data from the cleaned form (see applications.py).

        A field the form refused is left out, so that saving keeps its stored value.
        """
        data = self.cleaned_data
        answers = {}
        for question in self.questions:
            name = f"q_{question.pk}"
            if question.kind == Question.Kind.FILE or name not in data:
                continue
            value = data.get(name)
            if question.kind == Question.Kind.YES_NO:
                value = {"yes": True, "no": False}.get(value)
            answers[str(question.pk)] = value
        result = {
            key: data[key]
            for key in ("first_name", "last_name", "phone", "gender", "publication_consent")
            if key in data
        }
        result["answers"] = answers
        if "statements" in data:
            result["statements"] = int_params(data["statements"])
        if "choices" in self.fields and "choices" in data:
            result["choices"] = data["choices"]
        if with_files:
            result["files"] = {
                name: data[name] for name in self.file_fields() if data.get(name) is not None
            }
        return result

    def content_errors(self) -> dict[str, list[str]]:
        """The form's errors on what the candidate typed (not on its hidden fields)."""
        return {
            name: list(errors)
            for name, errors in self.errors.items()
            if name not in ("application", "revision")
        }


class AnswerForm(forms.Form):
    """The candidate's answer to a request for more information."""

    body = forms.CharField(
        label=_("Votre réponse"),
        widget=forms.Textarea(attrs={"rows": 5, "data-limit": applications.ANSWER_MAX_LENGTH}),
        required=False,
        strip=False,
    )
