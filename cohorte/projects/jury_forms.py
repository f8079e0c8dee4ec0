"""Forms of the défi jury's pages: pool, composition parameters, moves, referee, comments.

The composition's days, windows and breaks are read as on the interview scheduling page
(``selection.scheduling_forms``): 12/03/2031 or 2031-03-12, 9:00-12:30, Paris time.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.organisations.models import Organisation
from cohorte.selection.forms import VenueForm
from cohorte.selection.interviews import InterviewError, paris_datetime
from cohorte.selection.models import Panel
from cohorte.selection.scheduling_forms import ParametersForm, UnavailabilityForm
from cohorte.selection.scheduling_runs import SchedulingParameters

from .jury_comments import MAX_COMMENT_LENGTH
from .jury_pool import account_by_email
from .jury_runs import JuryError, JuryParameters, call_settings, check_jury_parameters
from .models import JuryPoolMember

EMAIL_ERRORS = {
    "required": gettext_lazy("Indiquez l'adresse électronique du juré."),
    "invalid": gettext_lazy("Saisissez une adresse électronique valide."),
}


class JurorProfileForm(forms.Form):
    """What a juror is in the pool: their profile and organisation (added or invited)."""

    category = forms.ChoiceField(
        label=gettext_lazy("Profil"),
        choices=lambda: [
            ("", gettext_lazy("— choisir —")),
            *JuryPoolMember.Category.worded_choices(),
        ],
        error_messages={
            "required": gettext_lazy("Choisissez le profil du juré."),
            "invalid_choice": gettext_lazy("Choisissez le profil du juré dans la liste."),
        },
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("— aucune —"),
        help_text=gettext_lazy("Un juré ne juge jamais un défi de sa propre organisation."),
        error_messages={"invalid_choice": gettext_lazy("Choisissez une organisation de la liste.")},
    )


class PoolFilterForm(forms.Form):
    """Search and profile filter of the pool's list (a GET form)."""

    q = forms.CharField(
        label=gettext_lazy("Rechercher"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Nom, prénom ou adresse électronique"),
    )
    profil = forms.ChoiceField(
        label=gettext_lazy("Profil"),
        required=False,
        choices=lambda: [("", gettext_lazy("Tous")), *JuryPoolMember.Category.worded_choices()],
    )

    def filter(self, members):
        """``members`` narrowed to the valid filters (all of them when none is given)."""
        if not self.is_valid():
            return members.none()
        text, category = self.cleaned_data["q"].strip(), self.cleaned_data["profil"]
        if category:
            members = members.filter(category=category)
        for word in text.split():
            members = members.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(user__email__icontains=word)
            )
        return members

    def active_params(self) -> dict[str, str]:
        """The filters given, as query parameters (kept across pages)."""
        return {name: self.data.get(name) for name in self.fields if self.data.get(name)}


class PoolMemberForm(JurorProfileForm):
    """A juror added to the pool by the e-mail of their account."""

    field_order = ["email", "category", "organisation"]

    email = forms.EmailField(
        label=gettext_lazy("Adresse électronique du compte"),
        error_messages=EMAIL_ERRORS,
    )

    def clean_email(self):
        try:
            self.user = account_by_email(self.cleaned_data["email"])
        except JuryError as error:
            raise forms.ValidationError(error.messages) from error
        return self.cleaned_data["email"]


class JuryParametersForm(ParametersForm):
    """The composition's parameters: the scheduling page's days and windows, plus the panels."""

    n_panels = forms.IntegerField(
        label=gettext_lazy("Nombre de jurys à composer"),
        error_messages={"invalid": gettext_lazy("Indiquez un nombre de jurys.")},
    )
    size_min = forms.IntegerField(
        label=gettext_lazy("Membres par jury, au moins"),
        initial=5,
        error_messages={"invalid": gettext_lazy("Indiquez un nombre de membres.")},
    )
    size_max = forms.IntegerField(
        label=gettext_lazy("Membres par jury, au plus"),
        initial=8,
        error_messages={"invalid": gettext_lazy("Indiquez un nombre de membres.")},
    )
    defis_min = forms.IntegerField(
        label=gettext_lazy("Défis par jury, au moins"),
        initial=2,
        error_messages={"invalid": gettext_lazy("Indiquez un nombre de défis.")},
    )
    defis_max = forms.IntegerField(
        label=gettext_lazy("Défis par jury, au plus"),
        initial=3,
        error_messages={"invalid": gettext_lazy("Indiquez un nombre de défis.")},
    )

    def __init__(self, call, *args, parameters: JuryParameters | None = None, **kwargs):
        schedule = parameters.schedule if parameters is not None else None
        super().__init__(call, *args, parameters=schedule, **kwargs)
        if parameters is not None:
            self.initial.update(
                {
                    "n_panels": parameters.n_panels,
                    "size_min": parameters.panel_size[0],
                    "size_max": parameters.panel_size[1],
                    "defis_min": parameters.defis_per_panel[0],
                    "defis_max": parameters.defis_per_panel[1],
                }
            )
        # The audition length is the call's (its four phases), not a choice of this form.
        del self.fields["slot_minutes"]
        del self.fields["all_mentors"]
        self.audition_minutes = call_settings(call).audition_minutes

    def clean(self):
        data = forms.Form.clean(self)
        if self.errors:
            return data
        self.parameters = JuryParameters(
            schedule=SchedulingParameters(
                days=tuple(data["days"]),
                windows=tuple(data["windows"]),
                breaks=tuple(data["breaks"]),
                slot_minutes=self.audition_minutes,
                time_limit=data["time_limit"],
                round_id=data.get("round"),
            ),
            n_panels=data["n_panels"],
            panel_size=(data["size_min"], data["size_max"]),
            defis_per_panel=(data["defis_min"], data["defis_max"]),
        )
        fields = {"panel_size": "size_min", "defis_per_panel": "defis_min"}
        for name, message in check_jury_parameters(self.parameters):
            self.add_error(fields.get(name, name), message)
        return data


class JurorInvitationForm(JurorProfileForm):
    """A juror invited by e-mail, with the profile and organisation they will have in the pool."""

    field_order = ["first_name", "last_name", "email", "category", "organisation"]

    first_name = forms.CharField(
        label=gettext_lazy("Prénom"),
        max_length=150,
        error_messages={
            "required": gettext_lazy("Indiquez le prénom du juré."),
            "max_length": gettext_lazy("Le prénom dépasse 150 caractères."),
        },
    )
    last_name = forms.CharField(
        label=gettext_lazy("Nom"),
        max_length=150,
        error_messages={
            "required": gettext_lazy("Indiquez le nom du juré."),
            "max_length": gettext_lazy("Le nom dépasse 150 caractères."),
        },
    )
    email = forms.EmailField(
        label=gettext_lazy("Adresse électronique"),
        help_text=gettext_lazy(
            "La personne reçoit un lien pour créer son compte ou se connecter avec cette adresse."
        ),
        error_messages=EMAIL_ERRORS,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "invitation")
        super().__init__(*args, **kwargs)


class PoolUnavailabilityForm(UnavailabilityForm):
    """A juror's unavailability: the scheduling page's form, jurors only."""

    def __init__(self, call, *args, **kwargs):
        super().__init__(call, *args, **kwargs)
        self.applications = {}
        self.fields["person"].label = _("Juré")
        self.fields["person"].choices = [
            ("", _("— choisir —")),
            *[(key, u.get_full_name() or u.email) for key, u in self.users.items()],
        ]
        self.fields["person"].error_messages["invalid_choice"] = _(
            "Choisissez un juré du vivier ou d'un jury de l'appel."
        )


class PanelVenueForm(VenueForm):
    """Where a panel of the défi jury meets."""


class MoveAuditionForm(VenueForm):
    """A new time (Paris), panel and place for an audition."""

    day = forms.DateField(
        label=gettext_lazy("Jour"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Indiquez le jour."),
            "invalid": gettext_lazy("Saisissez une date, par exemple 12/03/2031."),
        },
    )
    time = forms.TimeField(
        label=gettext_lazy("Heure de début (heure de Paris)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": gettext_lazy("Indiquez l'heure de début."),
            "invalid": gettext_lazy("Saisissez une heure, par exemple 14:00."),
        },
    )
    panel = forms.ModelChoiceField(
        label=gettext_lazy("Jury"),
        queryset=Panel.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Choisissez un jury de l'appel.")},
    )

    def __init__(self, call, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = Panel.objects.filter(call=call).order_by("name", "pk")
        for name in ("location", "video_link"):
            self.fields[name].help_text = _(
                "Seulement si l'audition n'a pas lieu au lieu de son jury ; sinon, laissez vide."
            )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["starts_at"] = paris_datetime(data["day"], data["time"])
        except InterviewError as error:
            self.add_error("time", error.messages[0])
        return data


class RefereeForm(forms.Form):
    """The panel's referee, among its members."""

    referee = forms.ModelChoiceField(
        label=gettext_lazy("Référent·e du jury"),
        queryset=Panel.objects.none(),
        error_messages={
            "required": gettext_lazy("Choisissez un membre du jury."),
            "invalid_choice": gettext_lazy("Le référent doit être un membre du jury."),
        },
    )

    def __init__(self, panel, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["referee"]
        field.queryset = panel.members.order_by("last_name", "first_name", "pk")
        field.label_from_instance = lambda user: user.get_full_name() or user.email


class CommentForm(forms.Form):
    """A juror's comment on a défi."""

    body = forms.CharField(
        label=gettext_lazy("Votre commentaire"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_COMMENT_LENGTH}),
        max_length=MAX_COMMENT_LENGTH,
        help_text=gettext_lazy("Visible par les membres de votre jury et par l'équipe."),
        error_messages={
            "required": gettext_lazy("Écrivez votre commentaire avant de l'enregistrer."),
            "max_length": gettext_lazy(
                "Le commentaire dépasse %(limit_value)d caractères (%(show_value)d)."
            ),
        },
    )
