"""Forms of the alumni pages: a step of the path, the fellow's consents, the lists' filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorte import programme_words as words
from cohorte.programmes.models import Cohort

from .models import AlumniProfile, CareerStep, Situation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StepForm(forms.ModelForm):
    """A new step: the situation, where, as what, since when."""

    since = forms.DateField(
        label=_("Depuis le"),
        widget=DateInput(),
        error_messages={
            "required": _("Indiquez depuis quand."),
            "invalid": _("Saisissez une date valide."),
        },
    )

    class Meta:
        model = CareerStep
        fields = ["situation", "organisation", "job_title", "since"]
        labels = {
            "situation": _("Situation"),
            "organisation": _("Structure"),
            "job_title": _("Fonction"),
        }
        help_texts = {
            "organisation": _("L'administration, l'entreprise ou l'école (facultatif)."),
            "job_title": _("Facultatif."),
        }
        error_messages = {"situation": {"required": _("Choisissez une situation.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situation"].choices = [("", _("Choisir une situation"))] + [
            (value, label.capitalize()) for value, label in Situation.choices
        ]


class ConsentForm(forms.ModelForm):
    """What the fellow shares, and with whom."""

    class Meta:
        model = AlumniProfile
        fields = ["in_directory", "path_public", "contact"]
        labels = {
            "in_directory": _("Apparaître dans l'annuaire des alumni"),
            "path_public": _("Publier mon parcours dans « Que sont-ils devenus ? »"),
            "contact": _("Comment me joindre"),
        }
        help_texts = {
            "in_directory": words.worded(
                _(
                    "Votre nom, vos promotions et défis, votre situation actuelle et le moyen de "
                    "vous joindre ci-dessous, visibles seulement des membres du programme "
                    "connectés (équipe, {fellows} et mentors de toutes les promotions)."
                ),
                fellows=words.FELLOWS,
            ),
            "path_public": _(
                "Votre nom, votre promotion, votre défi, votre situation actuelle et sa "
                "structure, sur la page publique du site, visible de tous. Seulement si votre "
                "fiche est publique sur le site."
            ),
            "contact": _(
                "Une adresse e-mail, un profil LinkedIn… Montré dans l'annuaire seulement, "
                "jamais sur le site public."
            ),
        }


def cohort_choices(queryset):
    return [("", _("Toutes les promotions"))] + [(str(c.pk), c.name) for c in queryset]


SITUATION_CHOICES = (
    [("", _("Toutes les situations"))]
    + [(value, label.capitalize()) for value, label in Situation.choices]
    + [("none", _("Non renseignée"))]
)


class ListFilterForm(forms.Form):
    """The filters of the team's list and of the directory (GET)."""

    q = forms.CharField(label=_("Nom"), required=False, max_length=100)
    promotion = forms.ChoiceField(label=_("Promotion"), required=False)
    situation = forms.ChoiceField(
        label=_("Situation actuelle"), required=False, choices=SITUATION_CHOICES
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["promotion"].choices = cohort_choices(cohorts)
        for name in ("promotion", "situation"):
            self.fields[name].group_class = "fr-select-group"
        self.fields["q"].group_class = "fr-input-group"
        self.fields["q"].widget.attrs["class"] = "fr-input"

    def values(self) -> dict:
        """The valid filters given, by name (a value not offered is no filter)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def active_cohorts(finished_only=False):
    """Cohorts with at least one fellow, newest first."""
    cohorts = Cohort.objects.filter(roles__kind="fellow").distinct()
    if finished_only:
        cohorts = cohorts.filter(status=Cohort.Status.FINISHED)
    return cohorts
