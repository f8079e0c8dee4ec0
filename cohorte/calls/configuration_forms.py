"""The team's forms to configure a call; every error names the field it is about."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte import programme_words as words
from cohorte.projects.models import FundingRules, SalaryBand
from cohorte.public.formats import PARIS, format_moment
from cohorte.reviews.models import Criterion

from .models import Call, Question, Round, Statement

CHOICE_KINDS = {Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE}
TEXT_KINDS = {Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT}


class MomentInput(forms.DateTimeInput):
    """A date and time typed in the browser's own picker, Paris time."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DayInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def moment_field(label, help_text="", required=True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, help_text=help_text, required=required, widget=MomentInput()
    )


class OptionsField(forms.CharField):
    """A list of options typed one per line (blank lines ignored, duplicates refused)."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 40})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(option) for option in value)
        return value

    def to_python(self, value):
        lines = [line.strip() for line in (super().to_python(value) or "").splitlines()]
        return [line for line in lines if line]

    def validate(self, value):
        super().validate(value)
        duplicates = sorted({o for o in value if value.count(o) > 1})
        if duplicates:
            raise ValidationError(
                _("Options en double : %(options)s.") % {"options": ", ".join(duplicates)}
            )

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)


class QuestionForm(forms.ModelForm):
    """A question of the application form; its options typed one per line."""

    options = OptionsField(
        label=gettext_lazy("Options (une par ligne)"),
        required=False,
        help_text=gettext_lazy("Pour les questions à choix unique ou multiples seulement."),
    )

    class Meta:
        model = Question
        fields = ["label", "help_text", "kind", "required", "max_length", "options"]
        widgets = {"help_text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "label": gettext_lazy("La question telle que la personne candidate la lira."),
            "help_text": gettext_lazy("Facultatif : une précision affichée sous la question."),
            "required": gettext_lazy("Une réponse est demandée pour déposer la candidature."),
            "max_length": gettext_lazy(
                "Pour les réponses en texte ; laissé vide, la longueur par défaut s’applique."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        kind, options = cleaned.get("kind"), cleaned.get("options") or []
        if kind in CHOICE_KINDS and len(options) < 2:
            self.add_error(
                "options", _("Options : une question à choix demande au moins deux options.")
            )
        if kind and kind not in CHOICE_KINDS and options:
            self.add_error("options", _("Options : seules les questions à choix en ont."))
        if kind and kind not in TEXT_KINDS and cleaned.get("max_length"):
            self.add_error(
                "max_length",
                _("Longueur maximale : elle ne vaut que pour les réponses en texte."),
            )
        return cleaned


class StatementForm(forms.ModelForm):
    """A statement the candidate ticks on their honour."""

    class Meta:
        model = Statement
        fields = ["text"]
        help_texts = {
            "text": gettext_lazy(
                "Par exemple : « Je ne suis pas fonctionnaire ou agent public en poste. »"
            )
        }


class CohortCreateForm(forms.Form):
    """A new promotion: its programme, name, number and year."""

    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"), queryset=None, empty_label=None
    )
    name = forms.CharField(
        label=gettext_lazy("Nom de la promotion"),
        max_length=120,
        help_text=words.worded(
            gettext_lazy("Par exemple : « {programme} 9 ». Il figure sur le site public."),
            programme=words.SHORT_NAME,
        ),
    )
    number = forms.IntegerField(
        label=gettext_lazy("Numéro"), min_value=1, max_value=999, required=False,
        help_text=words.worded(
            gettext_lazy("Facultatif : le rang de la promotion (9 pour {programme} 9)."),
            programme=words.SHORT_NAME,
        ),
    )  # fmt: skip
    year = forms.IntegerField(
        label=gettext_lazy("Année"), min_value=2000, max_value=2100, required=False,
        help_text=gettext_lazy("Facultatif : l’année où la promotion commence."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cohorte.programmes.models import Programme

        self.fields["programme"].queryset = Programme.objects.all()

    def clean_name(self):
        from django.utils.text import slugify

        from cohorte.programmes.models import Cohort

        name = " ".join(self.cleaned_data["name"].split())
        if not slugify(name):
            raise forms.ValidationError(
                _("Nom de la promotion : il faut au moins une lettre ou un chiffre.")
            )
        if Cohort.objects.filter(slug=slugify(name)[:120]).exists():
            raise forms.ValidationError(
                _("Nom de la promotion : une promotion « %(name)s » existe déjà.") % {"name": name}
            )
        return name


class CallCreateForm(forms.Form):
    """A new call: its kind, promotion, title and first round (which sets its dates)."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Type d’appel"),
        choices=Call.Kind.choices,
        widget=forms.RadioSelect,
        help_text=words.worded(
            gettext_lazy(
                "Un appel à projets reçoit les défis des administrations ; un appel à "
                "candidatures, les candidatures des futurs {fellows}."
            ),
            fellows=words.FELLOWS,
        ),
    )
    cohort = forms.ModelChoiceField(
        label=gettext_lazy("Promotion"),
        queryset=None,
        empty_label=None,
        help_text=words.worded(
            gettext_lazy("La promotion dont l’appel choisit les défis ou les {fellows}."),
            fellows=words.FELLOWS,
        ),
    )
    title = forms.CharField(
        label=gettext_lazy("Titre"),
        max_length=255,
        help_text=words.worded(
            gettext_lazy("Par exemple : « Appel à candidatures {programme} 8 »."),
            programme=words.SHORT_NAME,
        ),
    )
    round_name = forms.CharField(
        label=gettext_lazy("Nom de la première session"),
        max_length=120,
        initial=gettext_lazy("Session unique"),
        help_text=gettext_lazy("D’autres sessions pourront être ajoutées ensuite."),
    )
    opens_at = moment_field(gettext_lazy("Ouverture du dépôt"), gettext_lazy("Heure de Paris."))
    closes_at = moment_field(
        gettext_lazy("Clôture du dépôt"),
        gettext_lazy("Heure de Paris ; l’heure de réception du serveur fait foi."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cohorte.programmes.models import Cohort

        self.fields["cohort"].queryset = Cohort.objects.all()

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("Clôture du dépôt : elle doit venir après l’ouverture."))
        return cleaned


class CallSettingsForm(forms.ModelForm):
    """A call's general settings; its dates are its rounds'."""

    class Meta:
        model = Call
        fields = [
            "title", "slug", "description", "cv_required", "portfolio_enabled", "max_upload_mb",
            "review_visibility", "rules", "rules_url", "calendar", "retention_months",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "rules": forms.Textarea(attrs={"rows": 5}),
            "calendar": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "description": gettext_lazy("Affichée en tête de la page publique de l’appel."),
            "review_visibility": gettext_lazy(
                "Quand un évaluateur ou un juré peut voir les notes et avis des autres."
            ),
            "rules_url": gettext_lazy("Adresse du règlement en PDF, s’il y en a un."),
            "calendar": gettext_lazy("Les grandes étapes, affichées sur la page de l’appel."),
            "retention_months": gettext_lazy(
                "Après la décision, les candidatures non retenues sont effacées passé ce délai."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind == Call.Kind.PROJECTS:
            # Candidates' documents do not exist in a call for projects.
            for name in ("cv_required", "portfolio_enabled", "max_upload_mb", "retention_months"):
                del self.fields[name]
        self.fields["slug"].required = False


class RoundForm(forms.ModelForm):
    """A round of the call: its submission window and its interviews."""

    class Meta:
        model = Round
        fields = ["name", "opens_at", "closes_at", "interviews_start", "interviews_end"]
        widgets = {
            "opens_at": MomentInput(),
            "closes_at": MomentInput(),
            "interviews_start": DayInput(),
            "interviews_end": DayInput(),
        }
        help_texts = {
            "name": gettext_lazy("Par exemple : « Session de printemps »."),
            "opens_at": gettext_lazy("Heure de Paris."),
            "closes_at": gettext_lazy("Heure de Paris ; l’heure de réception du serveur fait foi."),
            "interviews_start": gettext_lazy("Facultatif : après la clôture de la session."),
            "interviews_end": gettext_lazy("Facultatif."),
        }

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.instance.call = call

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error(
                "closes_at", _("Clôture des candidatures : elle doit venir après l’ouverture.")
            )
            return cleaned
        start, end = cleaned.get("interviews_start"), cleaned.get("interviews_end")
        if start and end and end < start:
            self.add_error("interviews_end", _("Fin des auditions : elle précède leur début."))
        if start and closes_at and start < closes_at.astimezone(PARIS).date():
            self.add_error(
                "interviews_start",
                _("Début des auditions : les auditions commencent après la clôture de la session."),
            )
        if opens_at and closes_at:
            self._check_overlap(opens_at, closes_at)
            self._check_later_dates(closes_at)
        return cleaned

    def _check_overlap(self, opens_at, closes_at):
        others = (
            self.call.rounds.exclude(pk=self.instance.pk)
            if self.instance.pk
            else (self.call.rounds.all())
        )
        for other in others:
            if opens_at < other.closes_at and other.opens_at < closes_at:
                self.add_error(
                    "opens_at",
                    _(
                        "Ouverture des candidatures : cette session chevauche la session "
                        "« %(name)s » (%(start)s → %(end)s) ; une session ouvre après la "
                        "clôture de la précédente."
                    )
                    % {
                        "name": other.name,
                        "start": format_moment(other.opens_at),
                        "end": format_moment(other.closes_at),
                    },
                )
                return

    def _check_later_dates(self, closes_at):
        # The results and the vote come after every round: a later closing must not pass them.
        call = self.call
        if call.announcement_at and closes_at >= call.announcement_at:
            self.add_error(
                "closes_at",
                _(
                    "Clôture des candidatures : elle doit précéder l’annonce des résultats "
                    "(%(moment)s) ; changez d’abord la date d’annonce dans « Choix et annonce »."
                )
                % {"moment": format_moment(call.announcement_at)},
            )
        if call.voting_closes_at and closes_at >= call.voting_closes_at:
            self.add_error(
                "closes_at",
                _("Clôture des candidatures : elle doit précéder la clôture du vote (%(moment)s).")
                % {"moment": format_moment(call.voting_closes_at)},
            )


class CriterionForm(forms.ModelForm):
    """A criterion of the grid, scored on its own scale."""

    class Meta:
        model = Criterion
        fields = ["label", "description", "scale_min", "scale_max", "per_challenge"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "label": gettext_lazy("Par exemple : « Motivation pour l’intérêt général »."),
            "description": gettext_lazy("Ce que les évaluateurs regardent pour ce critère."),
            "scale_min": gettext_lazy("La note la plus basse (souvent 1)."),
            "scale_max": gettext_lazy(
                "La note la plus haute : un critère noté sur plus de points pèse plus dans le "
                "total."
            ),
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        if call.kind != call.Kind.APPLICATIONS:
            del self.fields["per_challenge"]  # only interviews of candidates have défis

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("scale_min"), cleaned.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("Note maximale : elle doit dépasser la note minimale."))
        return cleaned

    def _post_clean(self):
        # The model's clean() repeats the scale check without naming the field: skip it.
        try:
            self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields)
        except ValidationError as error:
            self._update_errors(error)


class ChoicesForm(forms.ModelForm):
    """What candidates choose among, the seats of each défi, the vote and the announcement."""

    class Meta:
        model = Call
        fields = [
            "choice_kind", "max_choices", "choice_timing", "voting_closes_at", "challenges",
            "profiles", "announcement_at",
        ]  # fmt: skip
        widgets = {
            "voting_closes_at": MomentInput(),
            "announcement_at": MomentInput(),
            "challenges": forms.CheckboxSelectMultiple,
            "profiles": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "max_choices": gettext_lazy("De 1 à 3 choix, classés par ordre de préférence."),
            "voting_closes_at": gettext_lazy(
                "Heure de Paris ; seulement pour un choix par vote après la présélection."
            ),
            "challenges": gettext_lazy("Parmi les défis de la promotion de l’appel."),
            "profiles": gettext_lazy("Laissés vides, les candidats ne choisissent pas de profil."),
            "announcement_at": gettext_lazy(
                "Heure de Paris ; les résultats deviennent publics à cette date, après la "
                "clôture de la dernière session."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        call = self.instance
        if call.kind == Call.Kind.PROJECTS:
            # A call for projects receives défis: only its announcement is set here.
            for name in list(self.fields):
                if name != "announcement_at":
                    del self.fields[name]
            return
        from cohorte.challenges.models import Challenge, Expertise

        self.fields["challenges"].queryset = Challenge.objects.filter(cohort=call.cohort_id)
        self.fields["profiles"].queryset = Expertise.objects.all()
        self.seat_fields = []
        for challenge in self.fields["challenges"].queryset:
            name = f"seats_{challenge.pk}"
            self.fields[name] = forms.IntegerField(
                label=_("Places du défi « %(title)s »") % {"title": challenge.title},
                min_value=0,
                max_value=20,
                initial=challenge.seats,
                help_text=_("Nombre %(of_fellows)s que ce défi accueille.")
                % {"of_fellows": words.of(words.fellows())},
            )
            self.seat_fields.append(name)

    def clean(self):
        cleaned = super().clean()
        call = self.instance
        closes_at = call.closes_at
        announcement = cleaned.get("announcement_at")
        if announcement and closes_at and announcement <= closes_at:
            self.add_error(
                "announcement_at",
                _(
                    "Annonce publique des résultats : elle doit suivre la clôture de la "
                    "dernière session (%(moment)s)."
                )
                % {"moment": format_moment(closes_at)},
            )
        if call.kind == Call.Kind.PROJECTS:
            return cleaned
        voting = cleaned.get("voting_closes_at")
        if cleaned.get("choice_timing") == Call.ChoiceTiming.VOTING:
            if voting is None:
                self.add_error(
                    "voting_closes_at",
                    _(
                        "Clôture du vote : un choix par vote après la présélection demande "
                        "cette date."
                    ),
                )
            elif voting <= closes_at:
                self.add_error(
                    "voting_closes_at",
                    _("Clôture du vote : elle doit suivre la clôture des candidatures."),
                )
        kind = cleaned.get("choice_kind")
        if kind in (Call.ChoiceKind.PROFILES, Call.ChoiceKind.BOTH) and not cleaned.get("profiles"):
            self.add_error(
                "profiles",
                _("Profils recherchés : cochez-en au moins un, les candidats en choisissent."),
            )
        return cleaned


class ProjectSettingsForm(forms.Form):
    """A call for projects' section limits, pitch length and audition phases."""

    pitch_max_pages = forms.IntegerField(
        label=gettext_lazy("Pages du pitch au plus"), min_value=1, max_value=100
    )
    alignment_minutes = forms.IntegerField(
        label=gettext_lazy("Alignement du jury (minutes)"), min_value=0, max_value=120
    )
    pitch_minutes = forms.IntegerField(
        label=gettext_lazy("Pitch (minutes)"), min_value=1, max_value=120
    )
    questions_minutes = forms.IntegerField(
        label=gettext_lazy("Questions du jury (minutes)"), min_value=0, max_value=120
    )
    deliberation_minutes = forms.IntegerField(
        label=gettext_lazy("Délibération (minutes)"), min_value=0, max_value=120
    )
    PHASES = ["alignment_minutes", "pitch_minutes", "questions_minutes", "deliberation_minutes"]

    def __init__(self, *args, settings, **kwargs):
        from cohorte.projects.form import SECTIONS, section_limits

        limits = section_limits(settings.call)
        initial = {name: getattr(settings, name) for name in ["pitch_max_pages", *self.PHASES]}
        initial.update({f"limit_{s.key}": limits[s.key] for s in SECTIONS})
        super().__init__(*args, initial=initial, **kwargs)
        self.settings = settings
        self.sections = SECTIONS
        for section in SECTIONS:
            self.fields[f"limit_{section.key}"] = forms.IntegerField(
                label=_("« %(section)s » (caractères au plus)") % {"section": section.label},
                min_value=50,
                max_value=20000,
                help_text=_("Par défaut : %(n)s caractères.") % {"n": section.max_length},
            )
        self.limit_fields = [f"limit_{s.key}" for s in SECTIONS]

    def apply(self) -> list[str]:
        """Copy the cleaned values onto the settings; the names of what changed."""
        settings = self.settings
        limits = {}
        for section in self.sections:
            value = self.cleaned_data[f"limit_{section.key}"]
            if value != section.max_length:
                limits[section.key] = value
        changed = []
        if limits != (settings.section_limits or {}):
            settings.section_limits = limits
            changed.append("section_limits")
        for name in ["pitch_max_pages", *self.PHASES]:
            if getattr(settings, name) != self.cleaned_data[name]:
                setattr(settings, name, self.cleaned_data[name])
                changed.append(name)
        return changed


class FundingRulesForm(forms.ModelForm):
    """The cohort's co-funding rules, amounts in euros."""

    class Meta:
        model = FundingRules
        fields = ["contract_months", "funded_months", "envelope", "plausible_employer_cost"]
        help_texts = {
            "contract_months": words.worded(
                gettext_lazy("Durée du contrat d’un {fellow}, en mois."), fellow=words.FELLOW
            ),
            "funded_months": gettext_lazy("Mois de salaire que le programme prend en charge."),
            "envelope": gettext_lazy("Montant total, en euros, que le programme peut engager."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's own words are EIG's: the programme's are set here, on each form.
        fellow = words.fellow()
        self.fields["funded_months"].label = _("Mois cofinancés par %(fellow)s") % {
            "fellow": fellow
        }
        self.fields["plausible_employer_cost"].help_text = _(
            "Pour un %(fellow)s et toute la durée du contrat. Au-delà, l’estimation avertit "
            "l’administration et l’équipe d’un montant sans doute mal saisi."
        ) % {"fellow": fellow}

    def clean(self):
        cleaned = super().clean()
        funded, contract = cleaned.get("funded_months"), cleaned.get("contract_months")
        if funded is not None and contract is not None and funded > contract:
            self.add_error(
                "funded_months",
                _("Mois cofinancés par %(fellow)s : pas plus que la durée du contrat (%(n)s mois).")
                % {"fellow": words.fellow(), "n": contract},
            )
        return cleaned


class SalaryBandForm(forms.ModelForm):
    """A salary band of the cohort, amounts in euros."""

    class Meta:
        model = SalaryBand
        fields = ["label", "key", "net_monthly", "cap"]
        help_texts = {
            "label": gettext_lazy("Par exemple : « Jusqu’à 5 ans d’expérience »."),
            "key": gettext_lazy(
                "Court, sans espace ni accent (par exemple « junior ») ; laissé vide, il est "
                "tiré de la tranche."
            ),
            "net_monthly": gettext_lazy("En euros."),
            "cap": gettext_lazy("En euros ; facultatif."),
        }

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.instance.rules = rules
        self.fields["key"].required = False
        self.fields["cap"].label = _("Plafond du cofinancement par %(fellow)s (€)") % {
            "fellow": words.fellow()
        }

    def clean(self):
        from django.utils.text import slugify

        cleaned = super().clean()
        key = cleaned.get("key") or slugify(cleaned.get("label") or "")[:40]
        if not key and not self.errors.get("label"):
            self.add_error("key", _("Identifiant : il faut au moins une lettre ou un chiffre."))
            return cleaned
        cleaned["key"] = key
        self.instance.key = key
        others = (
            self.rules.bands.exclude(pk=self.instance.pk)
            if self.instance.pk
            else (self.rules.bands.all())
        )
        if key and others.filter(key=key).exists():
            self.add_error(
                "key", _("Identifiant : une autre tranche porte déjà « %(key)s ».") % {"key": key}
            )
        return cleaned

    def validate_unique(self):
        # Checked in clean(), with a message naming the field.
        pass
