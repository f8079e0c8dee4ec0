"""The matching and scheduling pages at the size of a call: pages of rows, filters in SQL,
figures over the whole call, the same cost at two sizes."""

import html
import importlib
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorte.calls.models import Application, ApplicationChoice
from cohorte.challenges.models import Challenge
from cohorte.search import fold
from cohorte.selection import matching_runs as domain
from cohorte.selection.models import MatchingPlacement, RankingEntry, SolverRun
from cohorte.selection.views import matching as matching_views
from tests.factories import ApplicationChoiceFactory, ApplicationFactory
from tests.scale import measure
from tests.selection.matching_world import build_matching_world, rank, shortlisted

pytestmark = pytest.mark.django_db


@pytest.fixture
def mw(world):
    return build_matching_world(world)


def grow(mw, count, start=0):
    """``count`` more shortlisted candidates wanting B, ranked by its jury after the others."""
    for number in range(start, start + count):
        application = shortlisted(mw.call, f"Zed{number:03d}", mw.b)
        rank(mw.call, application, mw.b, 10 + number)


def matching_url(mw, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"appel": mw.call.slug, **params}.items())
    return f"{reverse('selection:matching')}?{query}"


def shown_rows(response) -> list[int]:
    """The application pks of the result rows, in the order shown."""
    return [int(pk) for pk in re.findall(r'id="appariement-(\d+)"', response.content.decode())]


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_result_rows_are_paged_in_order(client, mw, monkeypatch):
    monkeypatch.setattr(matching_views, "RESULTS_PER_PAGE", 5)
    grow(mw, 6)
    domain.run_matching(mw.call, mw.world.team)
    client.force_login(mw.world.team)
    first = client.get(matching_url(mw))
    second = client.get(matching_url(mw, page=2))
    # Placed ones by place (Autre défi, then Défi choisi by profile), then those without a
    # seat by name.
    unplaced = sorted(
        Application.objects.filter(pk=mw.a6.pk)
        | Application.objects.filter(last_name__startswith="Zed"),
        key=lambda a: (fold(a.first_name), fold(a.last_name), a.pk),
    )
    expected = [mw.a3.pk, mw.a1.pk, mw.a2.pk] + [a.pk for a in unplaced]
    assert shown_rows(first) + shown_rows(second) == expected
    assert len(shown_rows(first)) == 5
    assert "10 candidat·es correspondent." in text(first)
    assert "page 1 sur 2" in text(first)
    # The confirmation and the figures cover the whole run, not the page.
    assert "préparer les décisions des 10 candidat·es." in text(first)
    assert re.search(r"<th scope=\"row\">Sans place</th><td>7</td>", first.content.decode())


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"etat": "sans-place"}, "unplaced"),
        ({"etat": "place"}, "placed"),
        ({"etat": "imposee"}, "locked"),
        ({"defi": "B"}, "b"),
        ({"defi": "A", "profil": "design"}, "a_design"),
        ({"q": "zed003"}, "zed003"),
        ({"etat": "n-importe"}, "all"),
    ],
)
def test_result_filters_give_exact_rows(client, mw, params, expected):
    grow(mw, 4)
    domain.set_constraint(mw.call, mw.a1, mw.b, None, "lock", mw.world.team)
    domain.run_matching(mw.call, mw.world.team)
    values = {"A": mw.a.pk, "B": mw.b.pk, "design": mw.design.pk}
    query = {k: values.get(v, v) for k, v in params.items()}
    zeds = {a.last_name: a.pk for a in Application.objects.filter(last_name__startswith="Zed")}
    everyone = {mw.a1.pk, mw.a2.pk, mw.a3.pk, mw.a6.pk, *zeds.values()}
    # a1 is locked on B; a2 gets A/Développement, a3 the jury's offer A/Design.
    wanted = {
        "unplaced": everyone - {mw.a1.pk, mw.a2.pk, mw.a3.pk},
        "placed": {mw.a1.pk, mw.a2.pk, mw.a3.pk},
        "locked": {mw.a1.pk},
        "b": {mw.a1.pk},
        "a_design": {mw.a3.pk},
        "zed003": {zeds["Zed003"]},
        "all": everyone,
    }[expected]
    client.force_login(mw.world.team)
    response = client.get(matching_url(mw, **query))
    assert set(shown_rows(response)) == wanted
    assert len(shown_rows(response)) == len(wanted)
    # The distribution still counts the whole run.
    assert re.search(r"<th scope=\"row\">Sans place</th><td>5</td>", response.content.decode())


def test_a_filter_keeps_the_run_shown_and_the_pages_keep_the_filter(client, mw, monkeypatch):
    monkeypatch.setattr(matching_views, "RESULTS_PER_PAGE", 2)
    grow(mw, 4)
    old = domain.run_matching(mw.call, mw.world.team)
    domain.run_matching(mw.call, mw.world.team)
    client.force_login(mw.world.team)
    response = client.get(matching_url(mw, calcul=old.pk, etat="sans-place"))
    page = response.content.decode()
    assert f'name="calcul" value="{old.pk}"' in page
    assert f"calcul={old.pk}" in page and "etat=sans-place" in page and "page=2" in page
    assert "Ce n’est pas le dernier calcul" in text(response)


@pytest.mark.parametrize(
    "role", ["anonymous", "candidate", "mentor", "juror", "other_juror", "team", "director"]
)
def test_a_filtered_page_of_results_by_role(client, mw, role):
    """As the page itself: the programme team and the director, nobody else."""
    grow(mw, 2)
    domain.run_matching(mw.call, mw.world.team)
    if role != "anonymous":
        client.force_login(mw.world.roles()[role])
    response = client.get(matching_url(mw, etat="sans-place", q="zed", page=2))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif role in ("team", "director"):
        assert response.status_code == 200
        assert set(shown_rows(response)) == set(
            Application.objects.filter(last_name__startswith="Zed").values_list("pk", flat=True)
        )
    else:
        assert response.status_code == 403
        assert b"Zed" not in response.content


def test_the_migration_writes_the_rows_of_past_runs(mw):
    grow(mw, 3)
    run = domain.run_matching(mw.call, mw.world.team)
    fields = ("candidate", "application_id", "status", "challenge_id", "profile_id",
              "obtained", "offer", "longest_choice", "explanation", "preferences",
              "choice_ranks")  # fmt: skip
    written = sorted(run.placements.values_list(*fields))
    assert len(written) == 7
    run.placements.all().delete()
    migration = importlib.import_module("cohorte.selection.migrations.0008_matching_placements")
    migration.placements_of_past_runs(apps, None)
    assert sorted(run.placements.values_list(*fields)) == written


def test_the_matching_page_costs_the_same_at_two_sizes(client, mw, monkeypatch):
    monkeypatch.setattr(matching_views, "RESULTS_PER_PAGE", 5)
    client.force_login(mw.world.team)
    grow(mw, 8)
    domain.set_constraint(mw.call, mw.a2, mw.a, mw.design, "forbid", mw.world.team)
    domain.run_matching(mw.call, mw.world.team)
    small = measure(client, matching_url(mw))
    grow(mw, 40, start=8)
    domain.run_matching(mw.call, mw.world.team)
    large = measure(client, matching_url(mw))
    assert large.queries == small.queries
    # One page of rows, the names their explanations mention (the holders of the 3 seats),
    # the constrained candidate, the placed ones for the staging form: never the whole run.
    assert large.rows(MatchingPlacement) == small.rows(MatchingPlacement) == 5
    assert large.rows(Application) == small.rows(Application) <= 5 + 3 + 1 + 3
    # Jury entries of the placed (staging form) and constrained candidates only.
    assert large.rows(RankingEntry) == small.rows(RankingEntry) <= (3 + 1) * 3
    # The list of past runs (one more here) is capped, the shown run read once.
    assert large.rows(SolverRun) <= matching_views.PAST_RUNS + 1
    assert abs(large.html - small.html) < 0.02 * small.html


def test_the_rows_look_up_their_own_applications_instead_of_joining_them(client, mw):
    """Sorted and searched by name, the run's rows read their applications by key: a join
    let PostgreSQL read every application of the call for the few rows of one run."""
    grow(mw, 4)
    domain.run_matching(mw.call, mw.world.team)
    client.force_login(mw.world.team)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(matching_url(mw, etat="sans-place", q="zed"))
    assert len(shown_rows(response)) == 4
    # The rows' count and page, searched by name.
    rows = [q["sql"] for q in queries if 'FROM "selection_matchingplacement"' in q["sql"]]
    rows = [sql for sql in rows if "%zed%" in sql]
    assert len(rows) == 2
    assert not [sql for sql in rows if 'JOIN "calls_application"' in sql]


def test_more_placed_candidates_cost_no_more_queries(client, mw, monkeypatch):
    """The staging form asks the profile of placed candidates: no query per placed one."""
    monkeypatch.setattr(matching_views, "RESULTS_PER_PAGE", 5)
    client.force_login(mw.world.team)
    grow(mw, 8)
    domain.run_matching(mw.call, mw.world.team)
    small = measure(client, matching_url(mw))
    mw.b.seats = 6
    mw.b.save()
    domain.run_matching(mw.call, mw.world.team)
    large = measure(client, matching_url(mw))
    assert (
        MatchingPlacement.objects.filter(run__in=SolverRun.objects.all()[:1])
        .exclude(status="unmatched")
        .count()
        == 3 + 5
    )
    assert large.queries == small.queries


# Scheduling ----------------------------------------------------------------------------------


@pytest.fixture
def sw(world):
    from tests.selection.scheduling_world import build_scheduling_world

    return build_scheduling_world(world)


def scheduling_url(sw) -> str:
    return f"{reverse('selection:scheduling')}?appel={sw.call.slug}"


def submitted(sw, count):
    """More submitted applications: the call grows, its shortlist does not."""
    for _ in range(count):
        application = ApplicationFactory(call=sw.call, status="submitted")
        ApplicationChoiceFactory(application=application, challenge=sw.challenge)


def shortlist(sw, count):
    """More shortlisted applications wanting both défis."""
    for _ in range(count):
        application = ApplicationFactory(call=sw.call, status="shortlisted")
        ApplicationChoiceFactory(application=application, challenge=sw.challenge)
        ApplicationChoiceFactory(application=application, rank=2, challenge=sw.other_challenge)


def test_the_scheduling_page_costs_the_same_at_two_sizes(client, sw):
    client.force_login(sw.team)
    shortlist(sw, 3)
    submitted(sw, 5)
    small = measure(client, scheduling_url(sw))
    submitted(sw, 40)
    large = measure(client, scheduling_url(sw))
    assert large.queries == small.queries
    assert large.rows(Application) == small.rows(Application)
    assert large.rows(ApplicationChoice) == small.rows(ApplicationChoice) == 0
    assert abs(large.html - small.html) < 0.02 * small.html


def test_the_scheduling_page_builds_no_application_per_shortlisted_one(client, sw):
    client.force_login(sw.team)
    shortlist(sw, 2)
    small = measure(client, scheduling_url(sw))
    shortlist(sw, 20)
    large = measure(client, scheduling_url(sw))
    assert large.queries == small.queries
    # The shortlist is counted from plain values; its défis are read once each.
    assert large.rows(Application) == small.rows(Application)
    assert large.rows(ApplicationChoice) == 0
    assert large.rows(Challenge) == small.rows(Challenge)
    page = text(client.get(scheduling_url(sw)))
    # The world's 3 shortlisted have 4 interviews; each added one, one per défi.
    assert "48 auditions à planifier" in page and "(25 candidat·es)" in page
