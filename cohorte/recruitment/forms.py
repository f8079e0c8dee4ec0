"""Forms of the recruitment pages: the contract, the departure, the team's checklist steps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorte.challenges.models import Challenge
from cohorte.projects.models import SalaryBand

from .contracts import Terms
from .models import Contract
from .notify import MAX_REASON_LENGTH
from .onboarding import MAX_LABEL_LENGTH


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ContractForm(forms.Form):
    """The contract as signed: employer, type, dates, band and total employer cost."""

    employer = forms.CharField(label=_("Employeur"), max_length=200)
    kind = forms.ChoiceField(label=_("Type de contrat"), choices=Contract.Kind.choices)
    start_date = forms.DateField(label=_("Début du contrat"), widget=DateInput())
    end_date = forms.DateField(label=_("Fin du contrat"), widget=DateInput())
    salary_band = forms.ModelChoiceField(
        label=_("Tranche de salaire"), queryset=SalaryBand.objects.none(), empty_label=None
    )
    employer_cost = forms.DecimalField(
        label=_("Coût total employeur du contrat (€)"),
        help_text=_("Pour toute la durée du contrat, charges comprises."),
        min_value=0,
        max_digits=10,
        decimal_places=2,
    )
    arrival_date = forms.DateField(label=_("Date d'arrivée"), required=False, widget=DateInput())

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["salary_band"].queryset = SalaryBand.objects.filter(rules__cohort=cohort)
        self.fields["salary_band"].label_from_instance = lambda band: (
            f"{band.label} ({int(band.net_monthly):,} € net par mois)".replace(",", "\u202f")
        )

    def terms(self) -> Terms:
        """The typed contract, for ``contracts.save_contract``."""
        return Terms(**self.cleaned_data)

    @staticmethod
    def initial_of(contract) -> dict:
        """The form's values for an existing contract."""
        return {name: getattr(contract, name) for name in ContractForm.base_fields}


class DepartureForm(forms.Form):
    """An early departure: its date and reason."""

    left_on = forms.DateField(label=_("Date du départ"), widget=DateInput())
    reason = forms.CharField(
        label=_("Motif du départ"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ItemForm(forms.Form):
    """A new step of the cohort's onboarding checklist."""

    label = forms.CharField(label=_("Nouvelle étape"), max_length=MAX_LABEL_LENGTH)


class VacantSeatForm(forms.Form):
    """A seat of one of the cohort's défis that will stay empty."""

    challenge = forms.ModelChoiceField(label=_("Défi"), queryset=Challenge.objects.none())
    day = forms.DateField(label=_("Constaté le"), widget=DateInput())
    reason = forms.CharField(
        label=_("Motif"), max_length=MAX_REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = Challenge.objects.filter(cohort=cohort).order_by(
            "title"
        )
