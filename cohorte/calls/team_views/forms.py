"""Forms of the team's back office: filters, bulk actions, screening, notes, messages, export."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cohorte.challenges.models import Challenge, Expertise
from cohorte.params import int_param

from ..columns import DEFAULT_KEYS, available_columns
from ..exports import FORMATS
from ..models import Application, ApplicationChoice
from ..search import (
    ACTIVE,
    ALL_BUT_DRAFTS,
    DEFAULT_SORT,
    NO_GENDER,
    NO_ROUND,
    Filters,
    reviewers_of,
)

SEARCH_MAX_LENGTH = 100
SORT_CHOICES = [
    ("-submitted_at", _("Dépôt le plus récent d'abord")),
    ("submitted_at", _("Dépôt le plus ancien d'abord")),
    ("name", _("Nom (A → Z)")),
    ("-name", _("Nom (Z → A)")),
    ("-score", _("Meilleure note moyenne d'abord")),
    ("score", _("Moins bonne note moyenne d'abord")),
    ("-reviews", _("Plus d'avis d'abord")),
    ("reviews", _("Moins d'avis d'abord")),
]
FILTER_NAMES = (
    "q",
    "status",
    "round",
    "challenge",
    "profile",
    "first_choice_only",
    "score_min",
    "score_max",
    "reviewed_by",
    "not_reviewed_by",
    "eligibility",
    "completeness",
    "gender",
    "sort",
)


def _styled(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(
            widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            continue
        widget.attrs.setdefault(
            "class", "fr-select" if isinstance(widget, forms.Select) else "fr-input"
        )


def _person(user) -> str:
    name = f"{user.first_name} {user.last_name}".strip()
    return f"{name} ({user.email})" if name else user.email


class ApplicationFilterForm(forms.Form):
    """Filters, search and sort of a call's applications list (a GET form)."""

    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Nom, adresse e-mail ou texte des réponses"),
    )
    status = forms.ChoiceField(label=_("Statut"), required=False)
    round = forms.ChoiceField(label=_("Session"), required=False)
    challenge = forms.ChoiceField(label=_("Défi choisi"), required=False)
    profile = forms.ChoiceField(label=_("Profil choisi"), required=False)
    first_choice_only = forms.BooleanField(label=_("En premier choix seulement"), required=False)
    score_min = forms.DecimalField(
        label=_("Note moyenne minimale"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=2,
        help_text=_("Moyenne des avis de présélection"),
    )
    score_max = forms.DecimalField(
        label=_("Note moyenne maximale"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=2,
    )
    reviewed_by = forms.ChoiceField(label=_("Évaluée par"), required=False)
    not_reviewed_by = forms.ChoiceField(label=_("Pas encore évaluée par"), required=False)
    eligibility = forms.ChoiceField(
        label=_("Éligibilité"),
        required=False,
        choices=[("", _("Toutes")), *Application.Eligibility.choices],
    )
    completeness = forms.ChoiceField(
        label=_("Complétude"),
        required=False,
        choices=[("", _("Toutes")), *Application.Completeness.choices],
    )
    gender = forms.ChoiceField(
        label=_("Genre (déclaratif)"),
        required=False,
        choices=[("", _("Tous")), *Application.Gender.choices, (NO_GENDER, _("non renseigné"))],
    )
    sort = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORT_CHOICES)

    def __init__(self, call, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.call = call
        self.fields["status"].choices = [
            (ALL_BUT_DRAFTS, _("Toutes sauf les brouillons")),
            (ACTIVE, _("En lice (déposées, non retirées)")),
            *Application.Status.choices,
        ]
        self.fields["round"].choices = [
            ("", _("Toutes les sessions")),
            *((str(r.pk), r.name) for r in call.rounds.all()),
            (NO_ROUND, _("Sans session")),
        ]
        # A défi or profile left the call still filters the applications that chose it: one
        # probe per défi, not a join over every choice of the call.
        chosen = ApplicationChoice.objects.filter(application__call=call)
        self.fields["challenge"].choices = [
            ("", _("Tous les défis")),
            *(
                (str(pk), title)
                for pk, title in Challenge.objects.filter(
                    Q(pk__in=call.challenges.values("pk"))
                    | Q(Exists(chosen.filter(challenge=OuterRef("pk"))))
                )
                .order_by("title")
                .values_list("pk", "title")
            ),
        ]
        self.fields["profile"].choices = [
            ("", _("Tous les profils")),
            *(
                (str(pk), name)
                for pk, name in Expertise.objects.filter(
                    Q(pk__in=call.profiles.values("pk"))
                    | Q(Exists(chosen.filter(profile=OuterRef("pk"))))
                )
                .order_by("name")
                .values_list("pk", "name")
            ),
        ]
        people = [("", _("Personne en particulier"))] + [
            (str(user.pk), _person(user)) for user in reviewers_of(call)
        ]
        self.fields["reviewed_by"].choices = people
        self.fields["not_reviewed_by"].choices = people
        _styled(self)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("score_min"), cleaned.get("score_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "score_max", _("La note maximale doit être supérieure ou égale à la minimale.")
            )
        return cleaned

    def filters(self) -> Filters:
        """The valid filters (call only when the form is valid)."""
        data = self.cleaned_data

        def number(name):
            return int(data[name]) if data.get(name) not in (None, "") else None

        round_value = data.get("round") or None
        return Filters(
            status=data.get("status") or ALL_BUT_DRAFTS,
            round=round_value if round_value in (None, NO_ROUND) else int(round_value),
            challenge=number("challenge"),
            profile=number("profile"),
            first_choice_only=bool(data.get("first_choice_only")),
            score_min=data.get("score_min"),
            score_max=data.get("score_max"),
            reviewed_by=number("reviewed_by"),
            not_reviewed_by=number("not_reviewed_by"),
            eligibility=data.get("eligibility") or "",
            completeness=data.get("completeness") or "",
            gender=data.get("gender") or "",
            q=(data.get("q") or "").strip(),
            sort=data.get("sort") or DEFAULT_SORT,
        )

    def describe(self) -> list[tuple[str, str]]:
        """The active filters in words, e.g. [("Statut", "déposée")]."""
        described = []
        for name, value in self.active_params().items():
            if name == "sort":
                continue
            field = self.fields[name]
            if isinstance(field, forms.ChoiceField):
                value = str(dict(field.choices).get(value, value))
            elif isinstance(field, forms.BooleanField):
                value = _("oui")
            described.append((str(field.label), str(value)))
        return described

    def active_params(self) -> dict[str, str]:
        """The submitted, non-empty filter values, to keep them in links and hidden fields."""
        values = {}
        for name in FILTER_NAMES:
            value = (self.data.get(name) or "").strip()[:SEARCH_MAX_LENGTH]
            if value:
                values[name] = value
        return values


BULK_ACTIONS = [
    ("eligible", _("Marquer éligibles")),
    ("ineligible", _("Marquer non éligibles")),
    ("complete", _("Marquer complètes")),
    ("incomplete", _("Marquer incomplètes")),
    ("shortlist", _("Présélectionner pour une audition")),
    ("export", _("Exporter la sélection")),
]


class BulkActionForm(forms.Form):
    """An action on the selected applications of the list."""

    action = forms.ChoiceField(
        label=_("Action sur la sélection"),
        choices=[("", _("Choisir une action")), *BULK_ACTIONS],
        error_messages={
            "required": _("Choisissez une action."),
            "invalid_choice": _("Cette action n'existe pas."),
        },
    )
    ids = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={
            "required": _("Cochez au moins une candidature."),
            "invalid_choice": _("La sélection contient une candidature inconnue."),
        },
    )
    reason = forms.CharField(
        label=_("Motif (facultatif, gardé dans le journal)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        raw = data.getlist("ids") if data is not None else []
        # Any integer is a possible choice here: the view checks them against the call.
        self.fields["ids"].choices = [(v, v) for v in raw if int_param(v) is not None]
        _styled(self)


class ScreeningForm(forms.Form):
    """The eligibility or completeness step of one application (prefixed by the step)."""

    # Checked against the model's choices by the domain function, which names a bad value.
    value = forms.CharField(error_messages={"required": _("Choisissez une valeur.")})
    reason = forms.CharField(
        label=_("Motif (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class NoteForm(forms.Form):
    """A private note of the team."""

    body = forms.CharField(
        label=_("Nouvelle note interne"),
        help_text=_("Visible de l'équipe seulement, jamais du candidat."),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("La note est vide : écrivez quelque chose.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "note-%s")  # unique ids: several forms share the page
        super().__init__(*args, **kwargs)
        _styled(self)


class MessageForm(forms.Form):
    """A message to the candidate, or a request for more information."""

    body = forms.CharField(
        label=_("Message au candidat"),
        help_text=_("Le candidat le lit dans son espace et reçoit un e-mail qui l'en avertit."),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Le message est vide : écrivez quelque chose.")},
    )
    request_info = forms.BooleanField(
        label=_("C'est une demande de complément (le candidat doit répondre)"), required=False
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "message-%s")
        super().__init__(*args, **kwargs)
        _styled(self)


class ExportForm(forms.Form):
    """Columns and format of an export of applications."""

    columns = forms.MultipleChoiceField(
        label=_("Colonnes"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choisissez au moins une colonne."),
            "invalid_choice": _("La colonne « %(value)s » n'existe pas pour cet appel."),
        },
    )
    fmt = forms.ChoiceField(
        label=_("Format"),
        choices=list(FORMATS.items()),
        initial="xlsx",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez un format."),
            "invalid_choice": _("Le format « %(value)s » n'est pas proposé."),
        },
    )

    def __init__(self, call, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.available = available_columns(call)
        self.fields["columns"].choices = [(c.key, c.label) for c in self.available]
        self.fields["columns"].initial = [c.key for c in self.available if c.key in DEFAULT_KEYS]

    def groups(self) -> list[tuple[str, list]]:
        """Checkbox options grouped as the export page shows them."""
        chosen = set(self["columns"].value() or [])
        groups: dict[str, list] = {}
        for index, column in enumerate(self.available):
            groups.setdefault(column.group, []).append(
                {
                    "key": column.key,
                    "label": column.label,
                    "id": f"colonne-{index}",
                    "checked": column.key in chosen,
                }
            )
        return list(groups.items())

    def chosen_columns(self) -> list[tuple[str, str]]:
        """The chosen (key, label) pairs in the catalogue's order."""
        chosen = set(self.cleaned_data["columns"])
        return [(c.key, c.label) for c in self.available if c.key in chosen]
