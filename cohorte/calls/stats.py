"""Counts of a call's applications for the team's dashboards.

Every count comes with the filters of the applications list that shows exactly the
counted applications, so each number on the dashboard is a link to its list.
Except for the breakdown by status, counts cover the applications in the running
(submitted, not withdrawn: the list's "active" status).
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .charts import BarChart, bar_chart
from .models import Application, ApplicationChoice, Call
from .rules import SUBMITTED_STATES
from .search import ACTIVE, NO_GENDER, NO_ROUND

ACTIVE_STATES = sorted(SUBMITTED_STATES)
IN_THE_RUNNING = gettext_lazy("en lice (déposées, non retirées)")


@dataclass(frozen=True)
class Row:
    """One value and its counts, one per series, each with its list filters."""

    label: str
    counts: tuple[int, ...]
    params: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class Breakdown:
    """A table and chart of counts of one call's applications by one property."""

    key: str
    title: str
    series: tuple[str, ...]
    rows: tuple[Row, ...]
    scope: str

    @property
    def chart(self) -> BarChart:
        return bar_chart([(row.label, row.counts) for row in self.rows], self.series)


def calls_with_counts():
    """Calls for applications, newest first, with counts of their applications."""
    return (
        Call.objects.filter(kind=Call.Kind.APPLICATIONS)
        .select_related("cohort")
        .annotate(
            total=Count("applications"),
            drafts=Count("applications", filter=Q(applications__status=Application.Status.DRAFT)),
            active=Count("applications", filter=Q(applications__status__in=ACTIVE_STATES)),
            withdrawn=Count(
                "applications", filter=Q(applications__status=Application.Status.WITHDRAWN)
            ),
            shortlisted=Count(
                "applications", filter=Q(applications__status=Application.Status.SHORTLISTED)
            ),
        )
        .order_by("-opens_at", "-pk")
    )


def _counts(queryset, field_name: str) -> dict:
    return dict(queryset.order_by().values_list(field_name).annotate(n=Count("pk")))


def _choices_count(active, rank_one: bool, **field) -> dict:
    choices = ApplicationChoice.objects.filter(application__in=active, **field)
    if rank_one:
        choices = choices.filter(rank=1)
    key = next(iter(field)).removesuffix("__isnull")
    return dict(choices.order_by().values_list(key).annotate(n=Count("application", distinct=True)))


def by_status(call) -> Breakdown:
    """Every application of the call, drafts included, by status."""
    counts = _counts(call.applications.all(), "status")
    rows = tuple(
        Row(str(label), (counts.get(value, 0),), ({"status": value},))
        for value, label in Application.Status.choices
    )
    return Breakdown(
        "status", _("Par statut"), (_("Candidatures"),), rows, _("toutes, brouillons compris")
    )


def _active(call):
    return call.applications.filter(status__in=ACTIVE_STATES)


def by_round(call) -> Breakdown:
    """Applications in the running by round."""
    counts = _counts(_active(call), "round")
    rows = [
        Row(r.name, (counts.get(r.pk, 0),), ({"status": ACTIVE, "round": str(r.pk)},))
        for r in call.rounds.all()
    ]
    if counts.get(None):
        rows.append(
            Row(_("sans session"), (counts[None],), ({"status": ACTIVE, "round": NO_ROUND},))
        )
    return Breakdown("round", _("Par session"), (_("Candidatures"),), tuple(rows), IN_THE_RUNNING)


def _targets(offered, counted_ids, model):
    """The call's offered items, then any other item candidates chose anyway."""
    items = list(offered)
    known = {item.pk for item in items}
    extra = [pk for pk in counted_ids if pk is not None and pk not in known]
    if extra:
        items += list(model.objects.filter(pk__in=extra))
    return items


def by_challenge(call) -> Breakdown:
    """Applications in the running by chosen défi: as first choice and at any rank."""
    from cohorte.challenges.models import Challenge

    active = _active(call)
    first = _choices_count(active, True, challenge__isnull=False)
    anywhere = _choices_count(active, False, challenge__isnull=False)
    rows = tuple(
        Row(
            challenge.title,
            (first.get(challenge.pk, 0), anywhere.get(challenge.pk, 0)),
            (
                {"status": ACTIVE, "challenge": str(challenge.pk), "first_choice_only": "1"},
                {"status": ACTIVE, "challenge": str(challenge.pk)},
            ),
        )
        for challenge in _targets(call.challenges.order_by("title"), anywhere, Challenge)
    )
    series = (_("1er choix"), _("tous rangs"))
    return Breakdown("challenge", _("Par défi choisi"), series, rows, IN_THE_RUNNING)


def by_profile(call) -> Breakdown:
    """Applications in the running by chosen profile: as first choice and at any rank."""
    from cohorte.challenges.models import Expertise

    active = _active(call)
    first = _choices_count(active, True, profile__isnull=False)
    anywhere = _choices_count(active, False, profile__isnull=False)
    rows = tuple(
        Row(
            profile.name,
            (first.get(profile.pk, 0), anywhere.get(profile.pk, 0)),
            (
                {"status": ACTIVE, "profile": str(profile.pk), "first_choice_only": "1"},
                {"status": ACTIVE, "profile": str(profile.pk)},
            ),
        )
        for profile in _targets(call.profiles.order_by("name"), anywhere, Expertise)
    )
    series = (_("1er choix"), _("tous rangs"))
    return Breakdown("profile", _("Par profil choisi"), series, rows, IN_THE_RUNNING)


def _by_field(call, field_name, choices, key, title) -> Breakdown:
    counts = _counts(_active(call), field_name)
    rows = tuple(
        Row(str(label), (counts.get(value, 0),), ({"status": ACTIVE, key: value},))
        for value, label in choices
    )
    return Breakdown(key, title, (_("Candidatures"),), rows, IN_THE_RUNNING)


def by_eligibility(call) -> Breakdown:
    """Applications in the running by eligibility."""
    return _by_field(
        call, "eligibility", Application.Eligibility.choices, "eligibility", _("Par éligibilité")
    )


def by_completeness(call) -> Breakdown:
    """Applications in the running by completeness."""
    return _by_field(
        call,
        "completeness",
        Application.Completeness.choices,
        "completeness",
        _("Par complétude"),
    )


def by_gender(call) -> Breakdown:
    """Applications in the running by self-declared gender, unanswered included."""
    counts = _counts(_active(call), "gender")
    choices = [*Application.Gender.choices, (NO_GENDER, _("non renseigné"))]
    counts[NO_GENDER] = counts.pop("", 0)
    rows = tuple(
        Row(str(label), (counts.get(value, 0),), ({"status": ACTIVE, "gender": value},))
        for value, label in choices
    )
    return Breakdown(
        "gender",
        _("Par genre (déclaratif, facultatif)"),
        (_("Candidatures"),),
        rows,
        IN_THE_RUNNING,
    )


def dashboard(call) -> list[Breakdown]:
    """Every breakdown of the call's dashboard, in display order."""
    breakdowns = [by_status(call), by_round(call)]
    if call.choice_kind in (Call.ChoiceKind.CHALLENGES, Call.ChoiceKind.BOTH):
        breakdowns.append(by_challenge(call))
    if call.choice_kind in (Call.ChoiceKind.PROFILES, Call.ChoiceKind.BOTH):
        breakdowns.append(by_profile(call))
    breakdowns += [by_eligibility(call), by_completeness(call), by_gender(call)]
    return breakdowns
