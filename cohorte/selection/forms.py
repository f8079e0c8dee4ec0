"""Forms of the jury area: panels and interview slots (times typed in Paris time)."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohorte.accounts.roles import DIRECTOR_GROUP, TEAM_GROUP
from cohorte.calls.models import Application
from cohorte.reviews.exclusions import without_conflicts

from .interviews import MAX_DURATION, MIN_DURATION, InterviewError, paris_datetime
from .models import InterviewSlot, Panel


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


def jury_pool(call, panel: Panel | None = None):
    """Users offered as members: team, the cohort's jury, the défis' mentors, current members."""
    from cohorte.people.models import Role

    condition = (
        Q(groups__name__in=[TEAM_GROUP, DIRECTOR_GROUP])
        | Q(person__roles__kind=Role.Kind.JURY, person__roles__cohort=call.cohort_id)
        | Q(
            person__roles__kind=Role.Kind.OPERATIONAL_MENTOR,
            person__roles__challenge__in=call.challenges.all(),
        )
        | Q(panels__call=call)
    )
    if panel is not None and panel.referee_id:
        condition |= Q(pk=panel.referee_id)
    return (
        get_user_model()
        .objects.filter(condition, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


class VenueForm(forms.Form):
    """Where a panel meets, or where one of its meetings does: an address, a video link."""

    location = forms.CharField(
        label=_("Adresse et salle"),
        max_length=300,
        required=False,
        help_text=_("Par exemple : DINUM, 20 avenue de Ségur, 75007 Paris, salle 4.12."),
        error_messages={
            "max_length": _(
                "Adresse et salle : %(limit_value)d caractères au plus (vous en avez saisi "
                "%(show_value)d)."
            )
        },
    )
    video_link = forms.URLField(
        label=_("Lien de visioconférence"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_(
            "Pour une audition à distance : l'adresse complète, par exemple "
            "https://webinaire.numerique.gouv.fr/… Seul, il devient le lieu de l'audition."
        ),
        error_messages={
            "invalid": _(
                "Lien de visioconférence : saisissez une adresse web complète, par exemple "
                "https://webinaire.numerique.gouv.fr/…"
            ),
            "max_length": _("Lien de visioconférence : 500 caractères au plus."),
        },
    )

    def clean_video_link(self):
        link = self.cleaned_data.get("video_link", "")
        if link and not link.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(
                _("Lien de visioconférence : l'adresse doit commencer par https://.")
            )
        return link


class PanelForm(VenueForm):
    name = forms.CharField(label=_("Nom du jury"), max_length=200)
    members = UserMultipleChoiceField(
        label=_("Membres"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    extra_emails = forms.CharField(
        label=_("Ajouter des membres par leur adresse e-mail"),
        help_text=_("Une adresse par ligne ou séparées par des virgules ; un compte est requis."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    referee = UserChoiceField(
        label=_("Référent·e du jury"),
        help_text=_("Le ou la référente remplit la grille collective et édite les classements."),
        queryset=get_user_model().objects.none(),
        required=False,
    )
    challenges = forms.ModelMultipleChoiceField(
        label=_("Défis examinés"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, call, *args, panel: Panel | None = None, **kwargs):
        if panel is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": panel.name,
                "members": list(panel.members.all()),
                "referee": panel.referee,
                "challenges": list(panel.challenges.all()),
                "location": panel.location,
                "video_link": panel.video_link,
            }
        super().__init__(*args, **kwargs)
        pool = jury_pool(call, panel)
        self.fields["members"].queryset = pool
        self.fields["referee"].queryset = pool
        self.fields["challenges"].queryset = call.challenges.order_by("title")

    def clean_extra_emails(self):
        raw = self.cleaned_data.get("extra_emails", "")
        addresses = [a for a in re.split(r"[\s,;]+", raw) if a]
        users, unknown = [], []
        model = get_user_model()
        for address in addresses:
            user = model.objects.filter(email__iexact=address, is_active=True).first()
            (users.append(user) if user else unknown.append(address))
        if unknown:
            raise forms.ValidationError(
                _("Aucun compte pour : %(list)s. La personne doit d'abord créer son compte."),
                params={"list": ", ".join(unknown)},
            )
        return users


class SlotForm(VenueForm):
    panel = forms.ModelChoiceField(label=_("Jury"), queryset=None)
    application = forms.ModelChoiceField(label=_("Candidat·e (présélectionné·e)"), queryset=None)
    challenge = forms.ModelChoiceField(label=_("Défi"), queryset=None, required=False)
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=_("Heure de début (heure de Paris)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=MIN_DURATION, max_value=MAX_DURATION, initial=30
    )

    def __init__(self, call, *args, slot: InterviewSlot | None = None, user=None, **kwargs):
        if slot is not None and "initial" not in kwargs:
            from .interviews import PARIS

            local = slot.starts_at.astimezone(PARIS)
            kwargs["initial"] = {
                "panel": slot.panel,
                "challenge": slot.challenge,
                "day": local.date(),
                "time": local.time(),
                "duration_minutes": slot.duration_minutes,
                "location": slot.location,
                "video_link": slot.video_link,
            }
        super().__init__(*args, **kwargs)
        for name in ("location", "video_link"):
            self.fields[name].help_text = (
                str(self.fields[name].help_text)
                + " "
                + _("Laissez les deux vides pour le lieu du jury.")
            )
        self.fields["panel"].queryset = Panel.objects.filter(call=call).order_by("name")
        self.fields["challenge"].queryset = call.challenges.order_by("title")
        if slot is not None:
            del self.fields["application"]  # a slot keeps its candidate: cancel and schedule anew
        else:
            shortlisted = Application.objects.filter(
                call=call, status=Application.Status.SHORTLISTED
            )
            # Never a candidate the team member is kept away from (a conflict of interest).
            self.fields["application"].queryset = (
                without_conflicts(shortlisted, user)
                .select_related("candidate")
                .order_by("last_name", "first_name", "pk")
            )
            self.fields["application"].label_from_instance = lambda a: a.display_name

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("time"):
            try:
                data["starts_at"] = paris_datetime(data["day"], data["time"])
            except InterviewError as error:
                self.add_error("time", error.messages[0])
        return data


class RespondForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("confirm", _("Je confirme")), ("move", _("Je demande un autre créneau"))]
    )
    message = forms.CharField(required=False, max_length=2000)
