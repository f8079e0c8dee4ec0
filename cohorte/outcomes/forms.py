"""Forms of the end of programme: the closing, the deliverables, the result, a sustainment entry."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cohorte.followup.forms import DateInput

from . import domain
from .models import Result, Sustainment


class ClosingForm(forms.Form):
    sections = forms.CharField(
        label=_("Sections du rapport final"),
        help_text=_("Une section par ligne, dans l'ordre du rapport."),
        required=False,  # an empty list gets the domain's own message
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    report_due = forms.DateField(
        label=_("Rapport final attendu le"), required=False, widget=DateInput()
    )
    pitch_due = forms.DateField(
        label=_("Pitch du demo day attendu le"), required=False, widget=DateInput()
    )
    links_due = forms.DateField(
        label=_("Liens vers le code et les données attendus le"),
        required=False,
        widget=DateInput(),
    )

    def clean_sections(self):
        return domain.checked_sections(self.cleaned_data["sections"])


class DeliverablesForm(forms.Form):
    """The report, one field per section the team set; the pitch; the code and data links."""

    pitch_url = forms.URLField(
        label=_("Pitch du demo day : lien vers la vidéo ou les diapositives"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    pitch_text = forms.CharField(
        label=_("Pitch du demo day : texte"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    code = forms.CharField(
        label=_("Liens vers le code source"),
        help_text=_("Une adresse par ligne."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    data = forms.CharField(
        label=_("Liens vers les données"),
        help_text=_("Une adresse par ligne."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        fields = {}
        for index, title in enumerate(self.sections):
            fields[f"section_{index}"] = forms.CharField(
                label=title,
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
        self.fields = {**fields, **self.fields}

    def section_fields(self):
        return [self[f"section_{index}"] for index in range(len(self.sections))]

    def other_fields(self):
        return [self[name] for name in ("pitch_url", "pitch_text", "code", "data")]

    def clean_code(self):
        return domain.checked_urls(self.cleaned_data["code"])

    def clean_data(self):
        return domain.checked_urls(self.cleaned_data["data"])

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "report": {
                title: data[f"section_{index}"] for index, title in enumerate(self.sections)
            },
            "pitch_url": data["pitch_url"],
            "pitch_text": data["pitch_text"],
            "code": data["code"],
            "data": data["data"],
        }


class ResultForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Résultat du défi"), choices=Result.Verdict.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SustainmentForm(forms.ModelForm):
    """A new entry of the défi's state after the programme, checked against its cohort's end."""

    since = forms.DateField(label=_("Depuis le"), widget=DateInput())

    class Meta:
        model = Sustainment
        fields = ["state", "by", "carried_by", "since", "product_url", "note"]
        widgets = {
            "state": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.challenge = challenge
        self.fields["by"].choices = [("", _("—"))] + list(Sustainment.By.choices)
        self.fields["by"].help_text = _("Obligatoire quand le défi est pérennisé.")
        self.fields["note"].max_length = 5000

    def _post_clean(self):
        # The entry is created by domain.record_sustainment, not by the form.
        pass

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                domain.check_sustainment(self.challenge, data)
            except ValidationError as error:
                self.add_error(None, error)
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in domain.SUSTAINMENT_FIELDS}
