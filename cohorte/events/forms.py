"""The forms of the programme's pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cohorte import programme_words as words
from cohorte.challenges.models import Challenge, Expertise
from cohorte.people.models import Person

from . import programme
from .models import Event

LOCAL = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL, **kwargs)


class EventForm(forms.ModelForm):
    """An event of the programme (times in Europe/Paris)."""

    speakers = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Intervenant·es du programme"),
    )
    external_speakers = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Intervenant·es extérieur·es"),
        help_text=_("Une personne par ligne : « Nom — Organisation »."),
    )

    class Meta:
        model = Event
        fields = [
            "kind", "title", "theme", "format", "place", "video_link", "starts_at", "ends_at",
            "audience", "challenges", "profiles", "capacity", "mandatory",
        ]  # fmt: skip
        widgets = {
            "starts_at": LocalDateTimeInput(),
            "ends_at": LocalDateTimeInput(),
            "challenges": forms.CheckboxSelectMultiple,
            "profiles": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "challenges": _("Aucun coché : tous les défis."),
            "profiles": words.worded(
                _("Aucun coché : tous les profils {of_fellows}."), of_fellows=words.of_fellows()
            ),
            "capacity": _("Vide : sans limite."),
            "mandatory": words.worded(
                _("Obligatoire pour les {fellows} et les porteurs de projet."),
                fellows=words.FELLOWS,
            ),
        }

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenges"].queryset = Challenge.objects.filter(cohort=cohort).order_by(
            "title"
        )
        self.fields["profiles"].queryset = Expertise.objects.order_by("pk")
        self.fields["audience"].choices = Event.Audience.worded_choices()
        self.fields["speakers"].queryset = (
            Person.objects.filter(roles__cohort=cohort).distinct().order_by("full_name")
        )
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [LOCAL, "%Y-%m-%d %H:%M"]
        if self.instance.pk:
            speakers = list(self.instance.speakers.all())
            self.initial["speakers"] = [s.person_id for s in speakers if s.person_id]
            self.initial["external_speakers"] = "\n".join(
                f"{s.name} — {s.organisation}" if s.organisation else s.name
                for s in speakers
                if not s.person_id
            )

    def clean_external_speakers(self):
        people = []
        for line in self.cleaned_data["external_speakers"].splitlines():
            if line.strip():
                name, _sep, organisation = line.partition("—")
                people.append((name.strip()[:200], organisation.strip()[:200]))
        return people

    def clean(self):
        data = super().clean()
        try:
            programme.check_times(data.get("starts_at"), data.get("ends_at"))
        except ValidationError as error:
            self.add_error("ends_at", error)
        try:
            programme.check_capacity(self.instance, data.get("capacity"))
        except ValidationError as error:
            self.add_error("capacity", error)
        kind = data.get("format")
        if kind in (Event.Format.ON_SITE, Event.Format.HYBRID) and not data.get("place"):
            self.add_error("place", _("Indiquez le lieu d’un événement sur place ou hybride."))
        if kind in (Event.Format.REMOTE, Event.Format.HYBRID) and not data.get("video_link"):
            self.add_error(
                "video_link",
                _("Indiquez le lien de visioconférence d’un événement à distance ou hybride."),
            )
        return data


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Titre du support"), max_length=200)
    url = forms.URLField(label=_("Adresse (diaporama, lien, enregistrement)"), max_length=500)


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Objet"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}))


class ExcuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Raison de votre absence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("2 000 caractères au plus."),
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Note"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une note de 1 à 5.")},
    )
    useful = forms.CharField(
        label=_("Ce qui vous a été utile"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    improve = forms.CharField(
        label=_("Ce qui serait à améliorer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    anonymous = forms.BooleanField(
        label=_("Répondre anonymement"),
        required=False,
        help_text=_("Votre nom n’est alors enregistré nulle part avec votre réponse."),
    )
