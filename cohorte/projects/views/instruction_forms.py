"""Forms of the pre-instruction: the list's filters and the bulk shortlist."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorte.params import int_param

from .. import instruction
from ..models import Proposal

SEARCH_MAX_LENGTH = 100
SORT_CHOICES = [
    ("-date", _("Dépôt le plus récent d'abord")),
    ("date", _("Dépôt le plus ancien d'abord")),
    ("title", _("Nom du défi (A → Z)")),
    ("-title", _("Nom du défi (Z → A)")),
    ("-score", _("Meilleure note moyenne d'abord")),
    ("score", _("Moins bonne note moyenne d'abord")),
]
SCORE_SORTS = {"score", "-score"}
BULK_ACTIONS = [
    ("shortlist", _("Retenir pour le jury des défis")),
    ("unshortlist", _("Retirer de la liste pour le jury")),
]
ALL = [("", _("Toutes"))]


class ProposalFilterForm(forms.Form):
    """Filters, search and sort of a call's proposals (a GET form).

    Score filters and sorts exist only for a user who may see some review means.
    """

    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Nom du défi, administration ou sigle"),
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=ALL + [(s, Proposal.Status(s).label) for s in instruction.LISTED_STATES],
    )
    round = forms.TypedChoiceField(label=_("Session"), required=False, coerce=int)
    eligibility = forms.ChoiceField(
        label=_("Éligibilité"), required=False, choices=ALL + Proposal.Eligibility.choices
    )
    completeness = forms.ChoiceField(
        label=_("Complétude"), required=False, choices=ALL + Proposal.Completeness.choices
    )
    mine = forms.ChoiceField(
        label=_("Mes avis"),
        required=False,
        choices=[
            ("", _("Tous")),
            (instruction.TODO, _("À faire")),
            (instruction.DONE, _("Rendus")),
        ],
    )
    score_min = forms.DecimalField(
        label=_("Note moyenne au moins"), required=False, min_value=0, max_digits=5
    )
    score_max = forms.DecimalField(
        label=_("Note moyenne au plus"), required=False, min_value=0, max_digits=5
    )
    sort = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORT_CHOICES)

    def __init__(self, call, data=None, *, scores: bool = True, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["round"].choices = ALL + [(r.pk, r.name) for r in call.rounds.all()]
        if not scores:
            del self.fields["score_min"], self.fields["score_max"]
            self.fields["sort"].choices = [c for c in SORT_CHOICES if c[0] not in SCORE_SORTS]
        if len(self.fields["round"].choices) <= 2:  # one session: nothing to choose
            del self.fields["round"]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("score_min"), cleaned.get("score_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "score_max", _("La note maximale doit être supérieure ou égale à la minimale.")
            )
        return cleaned

    def filters(self) -> instruction.Filters:
        """The valid filters (call ``is_valid`` first)."""
        data = self.cleaned_data
        return instruction.Filters(
            status=data.get("status") or "",
            round=data.get("round") or None,
            eligibility=data.get("eligibility") or "",
            completeness=data.get("completeness") or "",
            mine=data.get("mine") or "",
            score_min=data.get("score_min"),
            score_max=data.get("score_max"),
            q=(data.get("q") or "").strip(),
            sort=data.get("sort") or instruction.DEFAULT_SORT,
        )

    def active_params(self) -> dict[str, str]:
        """The filters given, as query parameters (to keep them across pages and exports)."""
        source = self.data
        return {name: source.get(name) for name in self.fields if source.get(name)}


class BulkForm(forms.Form):
    """Proposals ticked in the list and the action to apply to them."""

    action = forms.ChoiceField(
        choices=BULK_ACTIONS,
        error_messages={
            "required": _("Choisissez une action."),
            "invalid_choice": _("Action inconnue."),
        },
    )
    ids = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={"required": _("Cochez au moins une proposition.")},
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        # Any number is accepted here; the view checks that each is one of the call's.
        values = data.getlist("ids") if data is not None else []
        self.fields["ids"].choices = [(v, v) for v in values if int_param(v) is not None]
        self.fields["ids"].error_messages["invalid_choice"] = _(
            "La sélection contient une valeur qui n'est pas un numéro de proposition."
        )
