"""The programme's impact in figures, computed from the data at request time, never typed in.

Each figure carries its written definition (what is counted, over what, at which date) and
the counts it rests on. Every function here runs a fixed number of SQL queries whatever the
number of cohorts, défis or fellows: figures are SQL aggregates, grouped by cohort for the
table over cohorts. "At 12 months" is each row's state at its *own* cohort's end date plus
12 months: the cohorts' end dates are read once, and the date is a CASE over the row's
cohort, which SQLite and PostgreSQL both compare with the history's dates.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, DateField, OuterRef, Q, Sum, Value, When
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cohorte import programme_words as words
from cohorte.alumni import paths
from cohorte.alumni.models import PUBLIC_SERVICE, Situation
from cohorte.challenges.models import Challenge, ChallengeLink
from cohorte.events.models import Event
from cohorte.outcomes import states
from cohorte.outcomes.models import Sustainment
from cohorte.people.models import Role
from cohorte.programmes.models import Cohort
from cohorte.public.formats import format_date, format_number
from cohorte.recruitment.models import TransferDecree
from cohorte.surveys.models import Invitation, Response

PERCENT, EUROS = "%", "€"
SUSTAINED_AFTER = 12  # months after the cohort's end
PUBLIC_SERVICE_AFTER = (6, 12)
# Figures about the cohort as a whole, not about a défi: no theme or host filter applies.
COHORT_WIDE = ("events", "attendance", "cofunding", "survey_answers")


@dataclass(frozen=True)
class Figure:
    """One figure of the report: its value and the counts it rests on."""

    key: str
    label: str
    definition: str
    value: int | Decimal | None  # None: a percentage over nothing, "non mesurable"
    numerator: int | Decimal
    denominator: int | None = None
    unit: str = ""  # "", "%" or "€"
    per: str = ""  # what the denominator counts, when it is not a percentage's

    @property
    def measurable(self) -> bool:
        return self.value is not None

    @property
    def display(self) -> str:
        """The value in French: "42", "67 %", "12 500 €" or "non mesurable"."""
        if self.value is None:
            return _("non mesurable")
        text = format_number(self.value)
        if self.unit == PERCENT:
            return f"{text}\u202f%"
        if self.unit == EUROS:
            return f"{text}\u00a0€"
        return text

    def as_dict(self) -> dict:
        """The figure as JSON can hold it (for the API and the open data): amounts as strings."""

        def plain(number):
            return str(number) if isinstance(number, Decimal) else number

        return {
            "key": self.key,
            "label": self.label,
            "definition": self.definition,
            "value": plain(self.value),
            "numerator": plain(self.numerator),
            "denominator": self.denominator,
            "unit": self.unit,
        }

    @property
    def basis(self) -> str:
        """The count the figure rests on, in words."""
        if self.denominator is None:
            return ""
        if self.unit != PERCENT:
            return f"{self.per} : {format_number(self.denominator)}"
        return _("%(numerator)s sur %(denominator)s") % {
            "numerator": format_number(self.numerator),
            "denominator": format_number(self.denominator),
        }


@dataclass(frozen=True)
class Filters:
    """What the figures are restricted to (ids from the database), all optional."""

    cohort: int | None = None
    theme: int | None = None
    organisation: int | None = None

    @property
    def challenge_wide(self) -> bool:
        """Whether a défi-level filter (theme, host) is set: cohort-wide figures do not apply."""
        return bool(self.theme or self.organisation)


@dataclass
class _Dates:
    """The cohorts (read once) and, per delay in months, those whose date has passed."""

    today: datetime.date
    cohorts: list
    passed: dict = field(default_factory=dict)  # months -> {cohort id: date}

    def names(self, months: int) -> str:
        chosen = [c.name for c in self.cohorts if c.pk in self.passed[months]]
        return ", ".join(chosen) if chosen else _("aucune")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _percent(numerator: int, denominator: int) -> int | None:
    if not denominator:
        return None
    ratio = Decimal(100 * numerator) / Decimal(denominator)
    return int(ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _dates(today: datetime.date) -> _Dates:
    cohorts = list(Cohort.objects.only("pk", "name", "end_date", "year", "number"))
    dates = _Dates(today, cohorts)
    for months in {SUSTAINED_AFTER, *PUBLIC_SERVICE_AFTER}:
        dates.passed[months] = {
            c.pk: add_months(c.end_date, months)
            for c in cohorts
            if c.end_date and add_months(c.end_date, months) <= today
        }
    return dates


def _date_of(cohort_field: str, dates: dict):
    """Per row: the date of the row's cohort (NULL for a cohort whose date has not passed)."""
    whens = [When(**{cohort_field: pk}, then=Value(day)) for pk, day in dates.items()]
    return Case(*whens, default=Value(None), output_field=DateField())


def _aggregate(queryset, group: str | None, **aggregates) -> dict:
    """{cohort id: values} when grouped by ``group``, else {None: values}; one query."""
    if group is None:
        return {None: queryset.aggregate(**aggregates)}
    rows = queryset.order_by().values(group).annotate(**aggregates)
    return {row.pop(group): row for row in rows}


def public_challenges(filters: Filters):
    """The défis the figures count: the public ones (not drafts), filtered."""
    challenges = Challenge.objects.public()
    if filters.cohort:
        challenges = challenges.filter(cohort_id=filters.cohort)
    if filters.theme:
        challenges = challenges.filter(themes__id=filters.theme)
    if filters.organisation:
        challenges = challenges.filter(host_organisation_id=filters.organisation)
    return challenges


def fellow_roles(filters: Filters):
    """The fellows' roles the figures count (every cohort's), filtered by their défi."""
    roles = Role.objects.filter(kind=Role.Kind.FELLOW)
    if filters.cohort:
        roles = roles.filter(cohort_id=filters.cohort)
    if filters.theme:
        roles = roles.filter(challenge__themes__id=filters.theme)
    if filters.organisation:
        roles = roles.filter(challenge__host_organisation_id=filters.organisation)
    return roles


def sustained_challenges(filters: Filters, dates: _Dates):
    """The défis of the cohorts whose 12-month date has passed, with ``state_then``."""
    passed = dates.passed[SUSTAINED_AFTER]
    return (
        public_challenges(filters)
        .filter(cohort_id__in=passed)
        .annotate(measured_on=_date_of("cohort_id", passed))
        .annotate(state_then=states.latest(on=OuterRef("measured_on")))
    )


def measured_fellows(filters: Filters, dates: _Dates):
    """The fellows' roles of the cohorts whose 6-month date has passed, with their situation
    at 6 and 12 months (``situation_6``, ``situation_12``; NULL when unknown or not yet)."""
    roles = fellow_roles(filters).filter(cohort_id__in=dates.passed[PUBLIC_SERVICE_AFTER[0]])
    for months in PUBLIC_SERVICE_AFTER:
        roles = roles.annotate(
            **{f"on_{months}": _date_of("cohort_id", dates.passed[months])}
        ).annotate(**{f"situation_{months}": paths.latest("person", on=OuterRef(f"on_{months}"))})
    return roles


def _challenge_counts() -> dict:
    # Distinct: a theme filter joins the défis' themes.
    return {
        "challenges": Count("pk", distinct=True),
        "organisations": Count("host_organisation", distinct=True),
    }


def _fellow_counts() -> dict:
    return {"fellows": Count("person", distinct=True)}


def _compute(filters: Filters, group: str | None, today: datetime.date):
    """The raw counts, {cohort id or None: {name: count}}, and the dates; constant queries."""
    dates = _dates(today)
    counts: dict = {}

    def merge(found: dict):
        for key, values in found.items():
            counts.setdefault(key, {}).update(values)

    cohort = "cohort_id" if group else None
    merge(_aggregate(public_challenges(filters), cohort, **_challenge_counts()))
    merge(
        _aggregate(
            ChallengeLink.objects.filter(challenge__in=public_challenges(filters)),
            "challenge__cohort_id" if group else None,
            code=Count("pk", filter=Q(kind=ChallengeLink.Kind.CODE)),
            data=Count("pk", filter=Q(kind=ChallengeLink.Kind.DATA)),
        )
    )
    merge(_aggregate(fellow_roles(filters), cohort, **_fellow_counts()))
    if dates.passed[SUSTAINED_AFTER]:
        merge(
            _aggregate(
                sustained_challenges(filters, dates),
                cohort,
                sustained_known=Count("pk", filter=Q(state_then__isnull=False)),
                sustained=Count("pk", filter=Q(state_then__in=Sustainment.LIVING)),
            )
        )
    if dates.passed[PUBLIC_SERVICE_AFTER[0]]:
        aggregates = {}
        for months in PUBLIC_SERVICE_AFTER:
            situation = f"situation_{months}"
            aggregates[f"known_{months}"] = Count(
                "person", distinct=True, filter=Q(**{f"{situation}__isnull": False})
            )
            aggregates[f"public_{months}"] = Count(
                "person", distinct=True, filter=Q(**{f"{situation}__in": PUBLIC_SERVICE})
            )
        merge(_aggregate(measured_fellows(filters, dates), cohort, **aggregates))
    if not filters.challenge_wide:
        merge(_cohort_wide(filters, cohort))
    return counts, dates


def _cohort_wide(filters: Filters, cohort: str | None) -> dict:
    """Events, attendance, co-funding and survey answers: about a cohort, not a défi."""
    counts: dict = {}

    def merge(found: dict):
        for key, values in found.items():
            counts.setdefault(key, {}).update(values)

    def of_cohort(queryset, path="cohort_id"):
        return queryset.filter(**{path: filters.cohort}) if filters.cohort else queryset

    now = timezone.now()
    held = Event.objects.filter(cancelled_at__isnull=True, ends_at__lte=now)
    merge(
        _aggregate(
            of_cohort(held),
            cohort,
            events=Count("pk", distinct=True),
            attendance=Count("attendances"),
        )
    )
    transferred = TransferDecree.objects.filter(stage=TransferDecree.Stage.TRANSFERRED)
    merge(
        _aggregate(
            of_cohort(transferred), cohort, cofunding=Sum("signed_total"), decrees=Count("pk")
        )
    )
    survey_cohort = "survey__cohort_id"
    merge(
        _aggregate(
            of_cohort(Response.objects.all(), survey_cohort),
            survey_cohort if cohort else None,
            answers=Count("pk"),
        )
    )
    merge(
        _aggregate(
            of_cohort(Invitation.objects.filter(sent_at__isnull=False), survey_cohort),
            survey_cohort if cohort else None,
            invitations=Count("pk"),
        )
    )
    return counts


def _build(raw: dict, filters: Filters, dates: _Dates, cohort=None) -> list[Figure]:
    """The figures from raw counts; ``cohort`` when they are a single cohort's."""

    def n(name):
        return raw.get(name) or 0

    today = format_date(dates.today)
    where = (
        _("de la %(cohort)s") % {"cohort": cohort.name}
        if cohort is not None
        else _("de toutes les promotions")
    )
    context = {"where": where, "today": today}
    figures = [
        Figure(
            "fellows",
            capfirst(words.fellows()),
            _(
                "Personnes ayant eu le rôle %(of_fellow)s %(where)s (chacune comptée une fois), au "
                "%(today)s."
            )
            % {**context, "of_fellow": words.of(words.fellow())},
            n("fellows"),
            n("fellows"),
        ),
        Figure(
            "challenges",
            _("Défis"),
            _("Défis publiés %(where)s (les brouillons ne comptent pas), au %(today)s.") % context,
            n("challenges"),
            n("challenges"),
        ),
        Figure(
            "organisations",
            _("Administrations d’accueil"),
            _(
                "Administrations différentes accueillant au moins un défi publié %(where)s, au "
                "%(today)s."
            )
            % context,
            n("organisations"),
            n("organisations"),
        ),
    ]
    passed = dates.passed[SUSTAINED_AFTER]
    measured = [cohort] if cohort is not None and cohort.pk in passed else []
    names = (
        ", ".join(c.name for c in measured) or _("aucune")
        if cohort is not None
        else dates.names(SUSTAINED_AFTER)
    )
    figures.append(
        Figure(
            "sustained_12",
            _("Défis pérennisés à 12 mois"),
            _(
                "Part des défis publiés dont l’état 12 mois après la fin de leur promotion est "
                "«\u00a0pérennisé\u00a0» ou «\u00a0internalisé\u00a0», parmi ceux dont l’état "
                "était renseigné à cette "
                "date. Promotions comptées (fin il y a 12 mois ou plus au %(today)s) : "
                "%(names)s."
            )
            % {"today": today, "names": names},
            _percent(n("sustained"), n("sustained_known")),
            n("sustained"),
            n("sustained_known"),
            PERCENT,
        )
    )
    for months in PUBLIC_SERVICE_AFTER:
        passed = dates.passed[months]
        if cohort is not None:
            names = cohort.name if cohort.pk in passed else _("aucune")
        else:
            names = dates.names(months)
        figures.append(
            Figure(
                f"public_service_{months}",
                _("%(fellows)s dans le service public à %(months)s mois")
                % {"months": months, "fellows": capfirst(words.fellows())},
                _(
                    "Part des %(fellows)s qui, %(months)s mois après la fin de leur "
                    "promotion, travaillent dans leur administration d’accueil, une autre "
                    "administration ou le secteur public, parmi ceux dont la situation était "
                    "connue à cette date. Promotions comptées (fin il y a %(months)s mois ou plus "
                    "au %(today)s) : %(names)s."
                )
                % {"months": months, "today": today, "names": names, "fellows": words.fellows()},
                _percent(n(f"public_{months}"), n(f"known_{months}")),
                n(f"public_{months}"),
                n(f"known_{months}"),
                PERCENT,
            )
        )
    figures += [
        Figure(
            "code",
            _("Dépôts de code ouverts"),
            _("Liens vers un dépôt de code source publiés sur les défis %(where)s, au %(today)s.")
            % context,
            n("code"),
            n("code"),
        ),
        Figure(
            "data",
            _("Jeux de données publiés"),
            _("Liens vers un jeu de données publiés sur les défis %(where)s, au %(today)s.")
            % context,
            n("data"),
            n("data"),
        ),
    ]
    if filters.challenge_wide:
        return figures
    # Euros to the cent whatever the database returns for a sum of decimals.
    cofunding = Decimal(n("cofunding")).quantize(Decimal("0.01"))
    figures += [
        Figure(
            "events",
            _("Événements tenus"),
            _(
                "Événements du programme d’accompagnement %(where)s terminés au %(today)s, "
                "hors événements annulés."
            )
            % context,
            n("events"),
            n("events"),
        ),
        Figure(
            "attendance",
            _("Présences aux événements"),
            _(
                "Présences relevées aux événements tenus %(where)s (une personne présente à "
                "deux événements compte deux fois), au %(today)s."
            )
            % context,
            n("attendance"),
            n("attendance"),
            n("events"),
            per=_("Événements tenus"),
        ),
        Figure(
            "cofunding",
            _("Cofinancement transféré"),
            _(
                "Total signé des arrêtés de transfert %(where)s dont les crédits sont "
                "transférés, au %(today)s."
            )
            % context,
            cofunding,
            cofunding,
            n("decrees"),
            EUROS,
            per=_("Arrêtés transférés"),
        ),
        Figure(
            "survey_answers",
            _("Réponses aux questionnaires"),
            _(
                "Réponses reçues aux questionnaires de fin de programme %(where)s, rapportées "
                "aux invitations envoyées, au %(today)s."
            )
            % context,
            n("answers"),
            n("answers"),
            n("invitations"),
            per=_("Invitations envoyées"),
        ),
    ]
    return figures


def figures(cohort=None, *, theme=None, organisation=None, today=None) -> list[Figure]:
    """Every figure over all cohorts, or one ``cohort``'s (an instance or an id), filtered."""
    cohort_id = getattr(cohort, "pk", cohort)
    filters = Filters(cohort_id, theme, organisation)
    today = today or timezone.localdate()
    counts, dates = _compute(filters, None, today)
    chosen = next((c for c in dates.cohorts if c.pk == cohort_id), None) if cohort_id else None
    return _build(counts[None], filters, dates, chosen)


def per_cohort(*, theme=None, organisation=None, today=None) -> list[tuple]:
    """[(cohort, figures)] for every cohort, newest first, in a constant number of queries."""
    filters = Filters(None, theme, organisation)
    today = today or timezone.localdate()
    counts, dates = _compute(filters, "cohort", today)
    return [(c, _build(counts.get(c.pk, {}), filters, dates, c)) for c in dates.cohorts]


def headline() -> dict[str, int]:
    """The home page's numbers, from the same queries as the figures (four queries)."""
    filters = Filters()
    challenges = public_challenges(filters).aggregate(**_challenge_counts())
    fellows = fellow_roles(filters).aggregate(**_fellow_counts())
    return {
        "fellows": fellows["fellows"],
        "challenges": challenges["challenges"],
        "organisations": challenges["organisations"],
        "cohorts": Cohort.objects.count(),
    }


def details(cohort=None, *, theme=None, organisation=None, today=None) -> dict:
    """What the percentages count, row by row (the team's version): the défis measured at
    12 months with their state then, the fellows measured at 6 and 12 months with their
    situation then. Three queries."""
    cohort_id = getattr(cohort, "pk", cohort)
    filters = Filters(cohort_id, theme, organisation)
    dates = _dates(today or timezone.localdate())
    state_labels = dict(Sustainment.State.choices)
    challenges = []
    if dates.passed[SUSTAINED_AFTER]:
        found = (
            sustained_challenges(filters, dates)
            .order_by("cohort__name", "title", "pk")
            .values("pk", "title", "cohort__name", "state_then")
        )
        for row in found:
            state = row["state_then"]
            challenges.append(
                {
                    "title": row["title"],
                    "cohort": row["cohort__name"],
                    "state": state_labels.get(state, ""),
                    "counted": None if state is None else state in Sustainment.LIVING,
                }
            )
    fellows = []
    if dates.passed[PUBLIC_SERVICE_AFTER[0]]:
        situation_labels = dict(Situation.choices)
        found = (
            measured_fellows(filters, dates)
            .order_by("person__full_name", "cohort__name", "pk")
            .values("person__full_name", "cohort__name", "situation_6", "situation_12")
        )
        for row in found:
            fellows.append(
                {
                    "name": row["person__full_name"],
                    "cohort": row["cohort__name"],
                    "at": [
                        {
                            "situation": situation_labels.get(row[f"situation_{m}"], ""),
                            "public": None
                            if row[f"situation_{m}"] is None
                            else row[f"situation_{m}"] in PUBLIC_SERVICE,
                        }
                        for m in PUBLIC_SERVICE_AFTER
                    ],
                }
            )
    return {"challenges": challenges, "fellows": fellows}
