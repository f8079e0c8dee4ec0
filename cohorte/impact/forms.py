"""The team's filters of the impact report, and the form that sends a cohort's PDF."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cohorte.challenges.models import Challenge, Theme
from cohorte.organisations.models import Organisation
from cohorte.programmes.models import Cohort

BAD_ADDRESS = _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.")
NO_ADDRESS = _("Saisissez l’adresse e-mail du destinataire.")


class FilterForm(forms.Form):
    """Cohort, theme and host administration, each chosen among those in the database."""

    cohort = forms.ModelChoiceField(
        Cohort.objects.all(), required=False, label=_("Promotion"), empty_label=_("Toutes")
    )
    theme = forms.ModelChoiceField(
        Theme.objects.filter(
            Exists(Challenge.objects.public().filter(themes=OuterRef("pk")))
        ).order_by("name"),
        required=False,
        label=_("Thème"),
        empty_label=_("Tous"),
    )
    organisation = forms.ModelChoiceField(
        Organisation.objects.filter(
            Exists(Challenge.objects.public().filter(host_organisation=OuterRef("pk")))
        ).order_by("name"),
        required=False,
        label=_("Administration d’accueil"),
        empty_label=_("Toutes"),
    )

    def chosen(self) -> dict:
        """The valid choices as ids (an unknown value is ignored, not an error)."""
        self.is_valid()
        return {name: getattr(self.cleaned_data.get(name), "pk", None) for name in self.fields}


class SendForm(forms.Form):
    """The address the team sends a cohort's PDF report to."""

    email = forms.EmailField(
        label=_("Adresse e-mail du destinataire"),
        max_length=254,
        error_messages={"invalid": BAD_ADDRESS, "required": NO_ADDRESS},
    )
