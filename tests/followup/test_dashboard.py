"""The team's dashboard of a running cohort: météo, dates, overdue counts, alerts, sorting."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from cohorte.bulletins.models import Bulletin
from cohorte.followup import dashboard
from cohorte.followup.models import Action, CheckIn, Milestone
from tests.factories import ChallengeFactory
from tests.scale import measure

from .conftest import NOW

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def titles(response) -> list[str]:
    """The défis of the dashboard's table, in its order."""
    return re.findall(r'<th scope="row"><a href="/suivi/defis/\d+/">([^<]+)</a>', text(response))


def _follow(world):
    team = world.users["team"]
    first, second = world.first, world.second
    for month, weather in ((2, "on_track"), (3, "on_track"), (4, "at_risk"), (5, "blocked")):
        CheckIn.objects.create(
            challenge=first, held_on=datetime.date(2027, month, 10), weather=weather
        )
    for month, weather in ((3, "at_risk"), (4, "on_track"), (5, "at_risk")):
        CheckIn.objects.create(
            challenge=second, held_on=datetime.date(2027, month, 12), weather=weather
        )
    # Overdue by more than a month, overdue by a week, done, not due yet.
    for due, done in (((4, 1), None), ((5, 10), None), ((3, 1), (3, 2)), ((6, 1), None)):
        Action.objects.create(
            challenge=first, title="Action", owner=team, due_on=datetime.date(2027, *due),
            done_on=datetime.date(2027, *done) if done else None,
        )  # fmt: skip
    Action.objects.create(challenge=second, title="A", owner=team, due_on=datetime.date(2027, 5, 1))
    Milestone.objects.create(
        challenge=first, kind="other", title="J", due_on=datetime.date(2027, 5, 1)
    )
    Milestone.objects.create(
        challenge=first,
        kind="other",
        title="Atteint",
        due_on=datetime.date(2027, 4, 1),
        status="done",
    )
    published = datetime.datetime(2027, 5, 11, 9, tzinfo=datetime.UTC)
    Bulletin.objects.create(
        challenge=second, week=datetime.date(2027, 5, 10), published_at=published
    )
    Bulletin.objects.create(challenge=first, week=datetime.date(2027, 5, 10))  # a draft
    Bulletin.objects.create(
        challenge=first,
        week=datetime.date(2027, 4, 5),
        published_at=datetime.datetime(2027, 4, 6, 9, tzinfo=datetime.UTC),
    )


def test_every_defi_at_a_glance_with_its_alerts(cohort_world, on_day):
    _follow(cohort_world)
    first, second = dashboard.rows(cohort_world.cohort, NOW)
    assert first.challenge == cohort_world.second  # "Cadastre ouvert" before "Données de santé"
    first, second = second, first
    assert [c.weather for c in first.weathers] == ["on_track", "on_track", "at_risk", "blocked"]
    assert (first.last_check_in, first.last_bulletin.date()) == (
        datetime.date(2027, 5, 10), datetime.date(2027, 4, 6),
    )  # fmt: skip
    assert (first.overdue_actions, first.late_actions, first.overdue_milestones) == (2, 1, 1)
    assert first.alerts == [
        "Aucun bulletin publié depuis 3 semaines",
        "À risque ou bloqué à deux points d'étape de suite",
        "Une action en retard de plus d'un mois",
    ]
    assert (second.overdue_actions, second.late_actions, second.overdue_milestones) == (1, 0, 0)
    assert second.alerts == []  # at risk twice, but not in a row


def test_only_the_last_six_check_ins(cohort_world, on_day):
    for month in range(1, 6):
        for day in (5, 20):
            CheckIn.objects.create(
                challenge=cohort_world.first,
                held_on=datetime.date(2027, month, day),
                weather="on_track",
            )
    row = [
        r for r in dashboard.rows(cohort_world.cohort, NOW) if r.challenge == cohort_world.first
    ][0]
    assert [c.held_on for c in row.weathers] == [
        datetime.date(2027, 3, 5), datetime.date(2027, 3, 20), datetime.date(2027, 4, 5),
        datetime.date(2027, 4, 20), datetime.date(2027, 5, 5), datetime.date(2027, 5, 20),
    ]  # fmt: skip


def test_a_cohort_just_started_has_no_bulletin_alert(cohort_world):
    early = datetime.datetime(2027, 1, 20, 10, tzinfo=datetime.UTC)
    assert [row.alerts for row in dashboard.rows(cohort_world.cohort, early)] == [[], []]


def test_the_page_sorts_and_filters(client, cohort_world, on_day):
    _follow(cohort_world)
    client.force_login(cohort_world.users["link"])
    url = reverse("followup:dashboard", args=[cohort_world.cohort.pk])
    response = client.get(url)
    page = text(response)
    assert "2 défis, 1 en alerte, 2 à risque ou bloqué(s)." in page
    assert "Une action en retard de plus d'un mois" in page
    assert titles(response) == ["Cadastre ouvert", "Données de santé"]
    assert titles(client.get(url, {"tri": "-titre"})) == ["Données de santé", "Cadastre ouvert"]
    assert titles(client.get(url, {"tri": "meteo"})) == ["Données de santé", "Cadastre ouvert"]
    assert titles(client.get(url, {"tri": "bulletin"})) == ["Données de santé", "Cadastre ouvert"]
    assert titles(client.get(url, {"tri": "actions"})) == ["Données de santé", "Cadastre ouvert"]
    assert titles(client.get(url, {"tri": "jalons"})) == ["Données de santé", "Cadastre ouvert"]
    assert titles(client.get(url, {"tri": "point"})) == ["Données de santé", "Cadastre ouvert"]
    assert titles(client.get(url, {"tri": "n'importe quoi"})) == [
        "Cadastre ouvert",
        "Données de santé",
    ]
    assert titles(client.get(url, {"alertes": "1"})) == ["Données de santé"]
    assert titles(client.get(url, {"meteo": "at_risk"})) == ["Cadastre ouvert"]
    assert titles(client.get(url, {"meteo": "on_track"})) == []
    assert "Aucun défi ne correspond à ces filtres." in text(client.get(url, {"meteo": "on_track"}))


def _grow(world, size):
    team = world.users["team"]
    for n in range(size):
        challenge = ChallengeFactory(cohort=world.cohort, title=f"Défi {n:03}")
        for month in range(1, 6):
            CheckIn.objects.create(
                challenge=challenge, held_on=datetime.date(2027, month, 8), weather="at_risk"
            )
        Action.objects.create(
            challenge=challenge, title="A", owner=team, due_on=datetime.date(2027, 3, 1)
        )
        Milestone.objects.create(
            challenge=challenge, kind="other", title="J", due_on=datetime.date(2027, 4, 1)
        )
        Bulletin.objects.create(
            challenge=challenge,
            week=datetime.date(2027, 5, 3),
            published_at=datetime.datetime(2027, 5, 4, tzinfo=datetime.UTC),
        )


def test_queries_do_not_grow_with_the_defis(client, cohort_world, on_day):
    client.force_login(cohort_world.users["team"])
    url = reverse("followup:dashboard", args=[cohort_world.cohort.pk])
    _grow(cohort_world, 2)
    small = measure(client, url)
    _grow(cohort_world, 20)
    large = measure(client, url)
    assert small.queries == large.queries
    assert large.rows(CheckIn) == 22 * 5 + 0  # the last six at most, each loaded once


def test_a_fellow_who_missed_two_mandatory_sessions_raises_an_alert(client, cohort_world, on_day):
    from cohorte.events import attendance
    from cohorte.events.models import Event
    from tests.events.conftest import at, make_event

    users, cohort = cohort_world.users, cohort_world.cohort
    sessions = [
        make_event(
            cohort,
            mandatory=True,
            audience=Event.Audience.FELLOWS,
            starts_at=at(10, 14, month=month),
            ends_at=at(10, 17, month=month),
        )  # fmt: skip
        for month in (2, 3)
    ]
    # Camille came to both, Alex to none; Léa missed only the second.
    attendance.save(sessions[0], {users["fellow"].pk, users["other_fellow"].pk}, users["team"])
    attendance.save(sessions[1], {users["fellow"].pk}, users["team"])
    rows = {row.challenge: row for row in dashboard.rows(cohort, NOW)}
    assert rows[cohort_world.first].missed_sessions == 2
    assert "Un·e EIG a manqué deux sessions obligatoires ou plus" in rows[cohort_world.first].alerts
    assert rows[cohort_world.second].missed_sessions == 1
    assert "Un·e EIG a manqué deux sessions obligatoires ou plus" not in (
        rows[cohort_world.second].alerts
    )
    client.force_login(users["team"])
    url = reverse("followup:dashboard", args=[cohort.pk])
    assert titles(client.get(url, {"tri": "sessions"})) == ["Données de santé", "Cadastre ouvert"]
    assert "Sessions obligatoires manquées" in text(client.get(url))
