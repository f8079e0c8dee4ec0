"""The team's survey forms and the respondent's form, built from the survey's questions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Question, Survey

LOCAL = "%Y-%m-%dT%H:%M"
TEXT_MAX = 5000
CHOICE_MAX = 200
YES, NO = "oui", "non"
REQUIRED = _("Répondez à cette question.")
TOO_BIG = _("Saisissez un nombre de dix chiffres au plus avant la virgule.")


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL, **kwargs)


class SurveyForm(forms.ModelForm):
    """A survey's settings (closing time in Europe/Paris)."""

    class Meta:
        model = Survey
        fields = ["title", "intro", "audience", "anonymous", "closes_at"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "audience": forms.RadioSelect,
            "closes_at": LocalDateTimeInput(),
        }
        help_texts = {
            "intro": _("Affichée en tête du questionnaire."),
            "closes_at": _("Heure de Paris. Après cette date, plus personne ne peut répondre."),
        }

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        self.fields["audience"].choices = Survey.Audience.worded_choices()
        self.fields["closes_at"].input_formats = [LOCAL, "%Y-%m-%d %H:%M"]
        self.fields["closes_at"].error_messages["invalid"] = _(
            "Saisissez une date et une heure de clôture."
        )

    def clean_closes_at(self):
        value = self.cleaned_data["closes_at"]
        if value <= self.now:
            raise forms.ValidationError(_("La date de clôture doit être dans le futur."))
        return value


class QuestionForm(forms.ModelForm):
    """A question; its choices one per line for the kinds that propose some."""

    choices_text = forms.CharField(
        label=_("Choix proposés"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Un choix par ligne, pour « un choix parmi plusieurs » et « plusieurs choix »."
        ),
    )

    class Meta:
        model = Question
        fields = ["kind", "label", "required"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["choices_text"] = "\n".join(self.instance.choices)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        lines = [line.strip() for line in data.get("choices_text", "").splitlines()]
        lines = [line for line in lines if line]
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if len(lines) < 2:
                self.add_error("choices_text", _("Proposez au moins deux choix, un par ligne."))
            elif len(set(lines)) != len(lines):
                self.add_error("choices_text", _("Chaque choix ne figure qu’une fois."))
            elif any(len(line) > CHOICE_MAX for line in lines):
                self.add_error("choices_text", _("Chaque choix tient en 200 caractères au plus."))
            data["choices"] = lines
        else:
            data["choices"] = []
        return data


def field_name(question) -> str:
    return f"q{question.pk}"


def _field(question):
    Kind = Question.Kind
    label = (
        question.label
        if question.required
        else _("%(label)s (facultatif)") % {"label": question.label}
    )
    common = {"label": label, "required": question.required}
    messages = {"required": REQUIRED}
    if question.kind == Kind.SCALE:
        return forms.TypedChoiceField(
            choices=[(str(n), str(n)) for n in range(1, 6)],
            coerce=int,
            widget=forms.RadioSelect,
            help_text=_("1 : pas du tout, 5 : tout à fait."),
            error_messages={**messages, "invalid_choice": _("Choisissez une note de 1 à 5.")},
            **common,
        )
    if question.kind == Kind.YES_NO:
        return forms.ChoiceField(
            choices=[(YES, _("Oui")), (NO, _("Non"))],
            widget=forms.RadioSelect,
            error_messages={**messages, "invalid_choice": _("Répondez par oui ou par non.")},
            **common,
        )
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        single = question.kind == Kind.SINGLE
        return (forms.ChoiceField if single else forms.MultipleChoiceField)(
            choices=[(c, c) for c in question.choices],
            widget=forms.RadioSelect if single else forms.CheckboxSelectMultiple,
            error_messages={
                **messages,
                "invalid_choice": _("Choisissez parmi les réponses proposées."),
            },
            **common,
        )
    if question.kind == Kind.NUMBER:
        return forms.DecimalField(
            localize=True,  # "12,5" as French people write it
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            max_digits=12,
            decimal_places=2,
            error_messages={
                **messages,
                "invalid": _("Saisissez un nombre."),
                "max_digits": _("Saisissez un nombre de dix chiffres au plus avant la virgule."),
                "max_decimal_places": _("Saisissez au plus deux décimales."),
                "max_whole_digits": _(
                    "Saisissez un nombre de dix chiffres au plus avant la virgule."
                ),
                "max_value": _("Saisissez un nombre de dix chiffres au plus avant la virgule."),
                "min_value": _("Saisissez un nombre de dix chiffres au plus avant la virgule."),
            },
            **common,
        )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        error_messages={**messages, "max_length": _("Votre réponse tient en 5 000 caractères.")},
        **common,
    )


class AnswerForm(forms.Form):
    """One field per question of the survey, in its order."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[field_name(question)] = _field(question)

    def values(self) -> dict:
        """Cleaned values keyed by question id."""
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions}
