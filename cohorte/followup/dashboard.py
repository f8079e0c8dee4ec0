"""The team's dashboard of a running cohort: every défi at a glance, with its alerts.

A fixed number of queries whatever the number of défis: the défis with their counts and
dates (subqueries), their last check-ins (a window), the mandatory sessions their fellows
missed (the events app's figures, read once for the cohort), and nothing per row.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, Max, OuterRef, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _

from cohorte import programme_words as words
from cohorte.bulletins.models import Bulletin
from cohorte.challenges.models import Challenge
from cohorte.events.stats import missed_by_challenge
from cohorte.public.formats import MONTHS

from .models import Action, CheckIn, Milestone, Weather

RECENT_CHECK_INS = 6
BULLETIN_SILENCE = datetime.timedelta(weeks=3)
ACTION_LATENESS = datetime.timedelta(days=30)
MISSED_SESSIONS = 2
OPEN_MILESTONES = (Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS)
WORRYING = {Weather.AT_RISK, Weather.BLOCKED}
ALERTS = {
    "silent": _("Aucun bulletin publié depuis 3 semaines"),
    "worrying": _("À risque ou bloqué à deux points d'étape de suite"),
    "late": _("Une action en retard de plus d'un mois"),
    "absent": words.worded(
        _("Un·e {fellow} a manqué deux sessions obligatoires ou plus"), fellow=words.FELLOW
    ),
}
# Worst first: "météo" sorts the défis that need help at the top.
SEVERITY = {Weather.BLOCKED: 0, Weather.AT_RISK: 1, Weather.ON_TRACK: 2, None: 3}
SORTS = {
    "titre": lambda row: (row.challenge.title.lower(),),
    "point": lambda row: (row.last_check_in or datetime.date.min,),
    "bulletin": lambda row: (
        row.last_bulletin or datetime.datetime.min.replace(tzinfo=datetime.UTC),
    ),
    "actions": lambda row: (-row.overdue_actions,),
    "jalons": lambda row: (-row.overdue_milestones,),
    "sessions": lambda row: (-row.missed_sessions,),
    "meteo": lambda row: (SEVERITY[row.weather],),
}


@dataclass
class Row:
    challenge: Challenge
    last_check_in: datetime.date | None
    last_bulletin: datetime.datetime | None
    overdue_actions: int
    overdue_milestones: int
    late_actions: int  # overdue by more than ACTION_LATENESS
    missed_sessions: int = 0  # the most mandatory sessions missed by one of its fellows
    weathers: list = field(default_factory=list)  # last check-ins, oldest first
    alerts: list = field(default_factory=list)

    @property
    def weather(self):
        return self.weathers[-1].weather if self.weathers else None


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by().values("challenge").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def rows(cohort, now: datetime.datetime) -> list[Row]:
    """Every défi of ``cohort`` with its dates, overdue counts, recent météo and alerts."""
    today = now.date()
    own = {"challenge": OuterRef("pk")}
    open_actions = Action.objects.filter(**own, done_on__isnull=True)
    challenges = (
        Challenge.objects.filter(cohort=cohort)
        .annotate(
            last_check_in=Max("check_ins__held_on"),
            last_bulletin=Subquery(
                Bulletin.objects.filter(**own, published_at__isnull=False)
                .order_by("-published_at")
                .values("published_at")[:1]
            ),
            overdue_actions=_count(open_actions.filter(due_on__lt=today)),
            late_actions=_count(open_actions.filter(due_on__lt=today - ACTION_LATENESS)),
            overdue_milestones=_count(
                Milestone.objects.filter(**own, status__in=OPEN_MILESTONES, due_on__lt=today)
            ),
        )
        .only("pk", "title", "cohort_id")
        .order_by("title", "pk")
    )
    recent = (
        CheckIn.objects.filter(challenge__cohort=cohort)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("challenge_id")],
                order_by=[F("held_on").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=RECENT_CHECK_INS)
        .only("pk", "challenge_id", "held_on", "weather")
    )
    missed = missed_by_challenge(cohort, now)
    # Words translated once per page, not once per row: sixty rows made it the page's cost.
    texts = {code: str(text) for code, text in ALERTS.items()}
    labels = {value: str(label) for value, label in Weather.choices}
    months = [str(month) for month in MONTHS]
    weathers: dict[int, list] = {}
    for check_in in recent:
        check_in.label = labels.get(check_in.weather, check_in.weather)
        check_in.month = f"{months[check_in.held_on.month - 1]} {check_in.held_on.year}"
        weathers.setdefault(check_in.challenge_id, []).append(check_in)
    result = []
    for challenge in challenges:
        row = Row(
            challenge=challenge,
            last_check_in=challenge.last_check_in,
            last_bulletin=challenge.last_bulletin,
            overdue_actions=challenge.overdue_actions,
            overdue_milestones=challenge.overdue_milestones,
            late_actions=challenge.late_actions,
            missed_sessions=missed.get(challenge.pk, 0),
            weathers=sorted(weathers.get(challenge.pk, []), key=lambda c: (c.held_on, c.pk)),
        )
        row.alerts = [texts[code] for code in alerts(row, cohort, now)]
        result.append(row)
    return result


def alerts(row: Row, cohort, now: datetime.datetime) -> list[str]:
    """What needs the team's attention on this défi: the codes of ``ALERTS`` it raises.

    Alerts computed from another app's data (the mandatory sessions missed, from the
    events app) are read for all the défis at once in ``rows``, never here per row.
    """
    found = []
    started = cohort.start_date is None or cohort.start_date <= (now - BULLETIN_SILENCE).date()
    if started and (row.last_bulletin is None or row.last_bulletin < now - BULLETIN_SILENCE):
        found.append("silent")
    last_two = [c.weather for c in row.weathers[-2:]]
    if len(last_two) == 2 and all(weather in WORRYING for weather in last_two):
        found.append("worrying")
    if row.late_actions:
        found.append("late")
    if row.missed_sessions >= MISSED_SESSIONS:
        found.append("absent")
    return found


def shown(all_rows: list[Row], weather: str, alerts_only: bool, sort: str) -> list[Row]:
    """The rows kept by the filters (latest météo, alerts only), in the chosen order."""
    kept = [
        row
        for row in all_rows
        if (not weather or row.weather == weather) and (not alerts_only or row.alerts)
    ]
    key = SORTS.get(sort.lstrip("-"), SORTS["titre"])
    return sorted(
        kept, key=lambda row: (*key(row), row.challenge.title.lower()), reverse=sort.startswith("-")
    )


def totals(all_rows: list[Row]) -> dict:
    """How many défis raise an alert, and how many are at risk or blocked now."""
    return {
        "alerts": sum(1 for row in all_rows if row.alerts),
        "worrying": sum(1 for row in all_rows if row.weather in WORRYING),
    }
