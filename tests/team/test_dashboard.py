"""Dashboards: exact counts by status, round, choice, eligibility, gender, and their links."""

import pytest
from django.urls import reverse

from cohorte.calls import stats
from tests.factories import (
    ApplicationCallFactory,
    ApplicationChoiceFactory,
    ApplicationFactory,
    ExpertiseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def population(world):
    """Besides the world's two submitted applications: a draft, a withdrawn one, two more."""
    call, challenge, other = world.call, world.challenge, world.other_challenge
    draft = ApplicationFactory(call=call, status="draft", submitted_at=None)
    ApplicationChoiceFactory(application=draft, rank=1, challenge=challenge)
    withdrawn = ApplicationFactory(call=call, status="withdrawn")
    ApplicationChoiceFactory(application=withdrawn, rank=1, challenge=challenge)
    shortlisted = ApplicationFactory(
        call=call, status="shortlisted", gender="woman", eligibility="eligible"
    )
    ApplicationChoiceFactory(application=shortlisted, rank=1, challenge=other)
    ApplicationChoiceFactory(application=shortlisted, rank=2, challenge=challenge)
    man = ApplicationFactory(call=call, gender="man", eligibility="ineligible")
    ApplicationChoiceFactory(application=man, rank=1, challenge=challenge)
    ApplicationChoiceFactory(application=man, rank=2, challenge=other)
    # Another call's applications never count here.
    ApplicationFactory(call=ApplicationCallFactory())
    return world


def _table(breakdown):
    return {row.label: row.counts for row in breakdown.rows}


def test_counts_by_status_include_drafts(population):
    assert _table(stats.by_status(population.call)) == {
        "brouillon": (1,),
        "déposée": (3,),
        "retirée": (1,),
        "présélectionnée pour une audition": (1,),
        "retenue": (0,),
        "sur liste d'attente": (0,),
        "non retenue": (0,),
    }


def test_counts_by_challenge_first_choice_and_any_rank(population):
    breakdown = stats.by_challenge(population.call)
    assert breakdown.series == ("1er choix", "tous rangs")
    assert _table(breakdown) == {"Autre défi": (2, 3), "Défi choisi": (2, 3)}


def test_counts_by_eligibility_gender_and_round(population):
    call = population.call
    assert _table(stats.by_eligibility(call)) == {
        "à vérifier": (2,),
        "éligible": (1,),
        "non éligible": (1,),
    }
    assert _table(stats.by_gender(call)) == {
        "femme": (1,),
        "homme": (1,),
        "autre": (0,),
        "ne souhaite pas répondre": (0,),
        "non renseigné": (2,),
    }
    assert _table(stats.by_round(call)) == {"Session 1": (4,)}
    assert _table(stats.by_completeness(call)) == {
        "à vérifier": (4,),
        "complète": (0,),
        "incomplète": (0,),
    }


def test_counts_by_profile(world):
    call = world.call
    call.choice_kind = "both"
    call.save()
    data, design = ExpertiseFactory(name="Data science"), ExpertiseFactory(name="Design")
    call.profiles.add(data, design)
    ApplicationChoiceFactory(application=world.application, rank=2, challenge=None, profile=data)
    ApplicationChoiceFactory(
        application=world.other_application, rank=2, challenge=None, profile=data
    )
    assert _table(stats.by_profile(call)) == {"Data science": (0, 2), "Design": (0, 0)}
    assert [b.key for b in stats.dashboard(call)] == [
        "status",
        "round",
        "challenge",
        "profile",
        "eligibility",
        "completeness",
        "gender",
    ]


def test_every_dashboard_link_lists_exactly_the_counted_applications(population, client):
    client.force_login(population.team)
    response = client.get(reverse("team:call_dashboard", args=[population.call.pk]))
    assert response.status_code == 200
    checked = 0
    for section in response.context["sections"]:
        for row in section["rows"]:
            for cell in row["cells"]:
                listed = client.get(cell["url"]).context["page_obj"].paginator.count
                assert listed == cell["count"], (section["breakdown"].key, row["label"], cell)
                checked += 1
    assert checked == 7 + 1 + 2 * 2 + 3 + 3 + 5


def test_the_dashboard_shows_tables_and_accessible_charts(population, client):
    client.force_login(population.director)
    page = client.get(reverse("team:call_dashboard", args=[population.call.pk])).content.decode()
    assert page.count('role="img"') == 6
    assert page.count("<table>") == 6
    assert '<desc id="graphique-challenge-desc">Autre défi : 1er choix 2, tous rangs 3 ; ' in page
    assert "Défi choisi : 1er choix 2, tous rangs 3</desc>" in page
    assert "non renseigné" in page


def test_home_lists_calls_with_their_counts(population, client):
    # A team member whose admin access was withdrawn by hand (add_to_team grants it).
    population.team.is_staff = False
    population.team.save(update_fields=["is_staff"])
    client.force_login(population.team)
    response = client.get(reverse("team:home"))
    [call] = [c for c in response.context["calls"] if c.pk == population.call.pk]
    assert (call.total, call.drafts, call.active, call.withdrawn, call.shortlisted) == (
        6,
        1,
        4,
        1,
        1,
    )
    page = response.content.decode()
    assert reverse("team:call_dashboard", args=[population.call.pk]) in page
    # Not staff: the team configures its calls in its own space, never in the admin.
    assert reverse("team:config_create") in page
    assert reverse("team:config_calls") in page
    assert "/admin/calls/" not in page


def test_home_links_to_the_configuration_pages_not_the_admin(world, client):
    world.team.is_staff = True
    world.team.save()
    client.force_login(world.team)
    page = client.get(reverse("team:home")).content.decode()
    assert reverse("team:config_create") in page
    assert reverse("team:config_calls") in page
    assert reverse("admin:calls_call_add") not in page
    assert reverse("admin:calls_call_changelist") not in page
    assert reverse("admin:reviews_grid_changelist") not in page
    dashboard = client.get(reverse("team:call_dashboard", args=[world.call.pk])).content.decode()
    assert reverse("team:config_call", args=[world.call.pk]) in dashboard
    assert "/admin/" not in dashboard


def test_dashboard_queries_do_not_grow_with_applications(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.team)
    url = reverse("team:call_dashboard", args=[world.call.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(15):
        app = ApplicationFactory(call=world.call, gender="woman")
        ApplicationChoiceFactory(application=app, rank=1, challenge=world.challenge)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_home_queries_do_not_grow_with_calls(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.team)
    client.get(reverse("team:home"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("team:home"))
    for _ in range(6):
        ApplicationFactory(call=ApplicationCallFactory())
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("team:home"))
    assert len(response.context["calls"]) == 7
    assert len(large) == len(small)
