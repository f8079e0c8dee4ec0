"""Forms of the follow-up pages: the check-in with its new actions, a milestone, a reading."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohorte.accounts.roles import DIRECTOR_GROUP, LINK_GROUP, TEAM_GROUP
from cohorte.people.teams import MENTOR_KINDS

from .actions import MAX_TITLE_LENGTH
from .models import CheckIn, FigureReading, Milestone, Need, Weather

OWNER_REFUSED = _("Le ou la responsable doit faire partie de l'équipe du défi ou du programme.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def possible_owners(challenge):
    """Who may own an action of ``challenge``: its fellows and mentors, who runs the cohort."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(person__roles__challenge=challenge, person__roles__kind__in=["fellow", *MENTOR_KINDS])
            | Q(groups__name__in=[TEAM_GROUP, DIRECTOR_GROUP, LINK_GROUP])
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class CheckInForm(forms.ModelForm):
    """What the check-in says: date, météo, progress, blockers, needs, decisions."""

    held_on = forms.DateField(label=_("Date du point"), widget=DateInput())
    weather = forms.ChoiceField(label=_("Météo"), choices=Weather.choices, widget=forms.RadioSelect)
    needs = forms.MultipleChoiceField(
        label=_("Besoins de l'équipe"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CheckIn
        fields = ["held_on", "weather", "progress", "blockers", "needs", "decisions"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("progress", "blockers", "decisions")
        }


class ActionForm(forms.Form):
    """A new action decided at the check-in: left blank, it is not opened."""

    title = forms.CharField(label=_("Action"), max_length=MAX_TITLE_LENGTH, required=False)
    owner = OwnerField(
        label=_("Responsable"),
        queryset=get_user_model().objects.none(),
        required=False,
        error_messages={"invalid_choice": OWNER_REFUSED},
    )
    due_on = forms.DateField(label=_("Échéance"), required=False, widget=DateInput())

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = possible_owners(challenge)

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("title", "owner", "due_on")) and not self.errors:
            return data  # a blank row
        if not (data.get("title") or "").strip() and "title" not in self.errors:
            self.add_error("title", _("Décrivez l'action."))
        if not data.get("owner") and "owner" not in self.errors:
            self.add_error("owner", _("Choisissez le ou la responsable de l'action."))
        if not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", _("Indiquez l'échéance de l'action."))
        return data

    @property
    def action(self):
        data = self.cleaned_data
        return data if data.get("title") else None


ActionFormSet = forms.formset_factory(ActionForm, extra=2, max_num=10)


class MilestoneForm(forms.ModelForm):
    """A milestone: kind, title, due date, status, evidence link, licence, done date."""

    due_on = forms.DateField(label=_("Échéance"), widget=DateInput())
    done_on = forms.DateField(
        label=_("Atteint le"),
        required=False,
        widget=DateInput(),
        help_text=_("Aujourd'hui si le jalon est atteint et la date laissée vide."),
    )

    class Meta:
        model = Milestone
        fields = ["kind", "title", "due_on", "status", "done_on", "evidence_url", "licence"]
        help_texts = {
            "evidence_url": _(
                "Obligatoire pour un code ou des données publiés : l'adresse du dépôt ou de la "
                "page du jeu de données."
            ),
        }


class ReadingForm(forms.ModelForm):
    """One reading of a key figure."""

    measured_on = forms.DateField(label=_("Mesuré le"), widget=DateInput())

    class Meta:
        model = FigureReading
        fields = ["label", "value", "measured_on"]
