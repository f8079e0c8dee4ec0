"""Forms of the scheduling page: the solver's parameters and the unavailabilities.

Dates are typed as 12/03/2031 or 2031-03-12, time ranges as 9:00-12:30 (also 9h-12h30,
9 h 00 - 12 h 30), all in Paris time.
"""

import datetime
import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.reviews.exclusions import without_conflicts

from .interviews import InterviewError, paris_datetime
from .scheduling_runs import (
    DEFAULT_TIME_LIMIT,
    MAX_TIME_LIMIT,
    MIN_TIME_LIMIT,
    SchedulingParameters,
    check_parameters,
    minutes_label,
)
from .unavailabilities import HALF_DAYS, call_candidates, call_people

_SEPARATORS = re.compile(r"[\s,;]+")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_FRENCH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})\s*(?:(?:h|:)\s*(\d{2})?)?$")
_RANGE = re.compile(r"^(.+?)\s*(?:-|–|à)\s*(.+)$")


def parse_dates(text: str) -> list[datetime.date]:
    """Dates separated by spaces, commas or lines; ValidationError naming each bad one."""
    days, bad = set(), []
    for token in filter(None, _SEPARATORS.split(text or "")):
        iso, french = _ISO.match(token), _FRENCH.match(token)
        try:
            if iso:
                days.add(datetime.date(*(int(g) for g in iso.groups())))
            elif french:
                day, month, year = (int(g) for g in french.groups())
                days.add(datetime.date(year, month, day))
            else:
                bad.append(token)
        except ValueError:
            bad.append(token)
    if bad:
        raise forms.ValidationError(
            _("Ces dates ne sont pas comprises : %(list)s. Écrivez par exemple 12/03/2031.")
            % {"list": ", ".join(f"« {b} »" for b in bad)}
        )
    return sorted(days)


def _minutes(text: str) -> int | None:
    match = _TIME.match(text.strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        return None
    return hours * 60 + minutes


def parse_ranges(text: str) -> list[tuple[int, int]]:
    """Time ranges, one a line or separated by commas or semicolons (minutes since midnight)."""
    ranges, bad = [], []
    for token in filter(None, (t.strip() for t in re.split(r"[\n,;]+", text or ""))):
        match = _RANGE.match(token)
        start = _minutes(match.group(1)) if match else None
        end = _minutes(match.group(2)) if match else None
        if start is None or end is None:
            bad.append(token)
        else:
            ranges.append((start, end))
    if bad:
        raise forms.ValidationError(
            _("Ces plages ne sont pas comprises : %(list)s. Écrivez par exemple 9:00-12:30.")
            % {"list": ", ".join(f"« {b} »" for b in bad)}
        )
    return ranges


def ranges_text(ranges) -> str:
    """The textarea form of time ranges."""
    return "\n".join(f"{minutes_label(s)}-{minutes_label(e)}" for s, e in ranges)


class ParametersForm(forms.Form):
    """The scheduling parameters, checked by the domain's own rules."""

    round = forms.TypedChoiceField(
        label=gettext_lazy("Session"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    days = forms.CharField(
        label=gettext_lazy("Jours d'audition"),
        help_text=gettext_lazy("Une date par ligne, par exemple 12/03/2031 ou 2031-03-12."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("Indiquez au moins un jour d'audition.")},
    )
    windows = forms.CharField(
        label=gettext_lazy("Plages horaires (heure de Paris)"),
        help_text=gettext_lazy("Une plage par ligne, par exemple 9:00-12:30."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Indiquez au moins une plage horaire.")},
    )
    breaks = forms.CharField(
        label=gettext_lazy("Pauses"),
        help_text=gettext_lazy("Par exemple 10:30-10:45 ; laissez vide sans pause."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    slot_minutes = forms.IntegerField(
        label=gettext_lazy("Durée d'une audition (minutes)"),
        error_messages={"invalid": gettext_lazy("Indiquez une durée en minutes.")},
    )
    time_limit = forms.IntegerField(
        label=gettext_lazy("Temps de calcul maximal (secondes)"),
        initial=DEFAULT_TIME_LIMIT,
        error_messages={"invalid": gettext_lazy("Indiquez un nombre de secondes.")},
    )
    all_mentors = forms.BooleanField(
        label=gettext_lazy("Tous les mentors opérationnels assistent aux auditions de leur défi"),
        help_text=gettext_lazy(
            "Sinon, seuls les mentors qui siègent dans un jury du défi sont attendus."
        ),
        required=False,
    )

    def __init__(self, call, *args, parameters: SchedulingParameters | None = None, **kwargs):
        if parameters is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "round": parameters.round_id,
                "days": "\n".join(d.strftime("%d/%m/%Y") for d in parameters.days),
                "windows": ranges_text(parameters.windows),
                "breaks": ranges_text(parameters.breaks),
                "slot_minutes": parameters.slot_minutes,
                "time_limit": parameters.time_limit,
                "all_mentors": parameters.all_mentors,
            }
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["time_limit"].help_text = _("De %(min)s à %(max)s secondes.") % {
            "min": MIN_TIME_LIMIT,
            "max": MAX_TIME_LIMIT,
        }
        rounds = list(call.rounds.all())
        self.fields["round"].choices = [("", _("Toutes les sessions"))] + [
            (r.pk, r.name) for r in rounds
        ]
        if len(rounds) < 2:
            self.fields["round"].widget = forms.HiddenInput()
        self.parameters = None

    def clean_days(self):
        return parse_dates(self.cleaned_data["days"])

    def clean_windows(self):
        return parse_ranges(self.cleaned_data["windows"])

    def clean_breaks(self):
        return parse_ranges(self.cleaned_data["breaks"])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.parameters = SchedulingParameters(
            days=tuple(data["days"]),
            windows=tuple(data["windows"]),
            breaks=tuple(data["breaks"]),
            slot_minutes=data["slot_minutes"],
            time_limit=data["time_limit"],
            round_id=data.get("round"),
            all_mentors=data["all_mentors"],
        )
        for name, message in check_parameters(self.parameters):
            self.add_error(name, message)
        return data


class UnavailabilityForm(forms.Form):
    """One person's unavailability; without times it covers whole days."""

    person = forms.ChoiceField(
        label=gettext_lazy("Personne"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Choisissez une personne de la liste : membre d'un jury ou mentor de l'appel, "
                "ou candidat·e présélectionné·e de l'appel."
            ),
            "required": gettext_lazy("Choisissez une personne."),
        },
    )
    start_day = forms.DateField(
        label=gettext_lazy("Du"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": gettext_lazy("Saisissez une date, par exemple 12/03/2031."),
            "required": gettext_lazy("Indiquez le premier jour."),
        },
    )
    start_time = forms.TimeField(
        label=gettext_lazy("à partir de"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("Vide : dès le début de la journée."),
        error_messages={"invalid": gettext_lazy("Saisissez une heure, par exemple 14:00.")},
    )
    end_day = forms.DateField(
        label=gettext_lazy("Au"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": gettext_lazy("Saisissez une date, par exemple 12/03/2031."),
            "required": gettext_lazy("Indiquez le dernier jour."),
        },
    )
    end_time = forms.TimeField(
        label=gettext_lazy("jusqu'à"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("Vide : jusqu'à la fin de la journée."),
        error_messages={"invalid": gettext_lazy("Saisissez une heure, par exemple 18:00.")},
    )
    reason = forms.CharField(label=gettext_lazy("Motif"), max_length=200, required=False)

    def __init__(self, call, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.users = {f"u{u.pk}": u for u in call_people(call)}
        # Candidates the team member is kept away from (a conflict of interest) are not listed.
        # The shortlist grows with the call: its names are read as values (the chosen
        # application is read alone when the form is sent).
        self.candidates = without_conflicts(call_candidates(call), user)
        self.applications = {
            f"a{pk}": f"{first} {last}".strip() or email
            for pk, first, last, email in self.candidates.values_list(
                "pk", "first_name", "last_name", "candidate__email"
            )
        }
        self.fields["person"].choices = [
            ("", _("— choisir —")),
            (
                _("Membres des jurys et mentors"),
                [(key, u.get_full_name() or u.email) for key, u in self.users.items()],
            ),
            (
                _("Candidat·es présélectionné·es"),
                list(self.applications.items()),
            ),
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["user"] = self.users.get(data["person"])
        data["application"] = (
            self.candidates.get(pk=int(data["person"][1:]))
            if data["person"] in self.applications
            else None
        )
        try:
            data["starts_at"] = paris_datetime(
                data["start_day"], data["start_time"] or datetime.time()
            )
        except InterviewError as error:
            self.add_error("start_time", error.messages[0])
        try:
            if data["end_time"] is None:
                end = paris_datetime(data["end_day"] + datetime.timedelta(days=1), datetime.time())
            else:
                end = paris_datetime(data["end_day"], data["end_time"])
            data["ends_at"] = end
        except InterviewError as error:
            self.add_error("end_time", error.messages[0])
        if "starts_at" in data and "ends_at" in data and data["ends_at"] <= data["starts_at"]:
            self.add_error("end_day", _("La fin de l'indisponibilité doit venir après son début."))
        return data


class HalfDaysForm(forms.Form):
    """The half-days a candidate cannot come, among the offered interview days."""

    halves = forms.MultipleChoiceField(
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Cochez seulement des demi-journées de la liste (jours d'audition)."
            )
        },
    )

    def __init__(self, days, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = list(days)
        self.fields["halves"].choices = [
            (f"{day.isoformat()}:{part}", f"{day.isoformat()} {part}")
            for day in self.days
            for part in HALF_DAYS
        ]

    def clean_halves(self):
        chosen = set()
        for value in self.cleaned_data["halves"]:
            day, _sep, part = value.partition(":")
            chosen.add((datetime.date.fromisoformat(day), part))
        return chosen
