"""Every configuration page of /gestion/ for every role: who gets in, who gets refused."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from cohorte.accounts.roles import add_to_team
from cohorte.calls.models import Call
from tests.factories import (
    ApplicationCallFactory,
    ApplicationFactory,
    ExpertiseFactory,
    OrganisationMemberFactory,
    PanelFactory,
    ProjectCallFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ALLOWED = {"team", "director", "superuser"}
ROLES = ["anonymous", "candidate", "administration", "juror", "team", "director", "superuser"]


def _roles(call) -> dict:
    candidate = UserFactory(username="candidate")
    ApplicationFactory(call=ApplicationCallFactory(), candidate=candidate)
    administration = OrganisationMemberFactory().user
    juror = UserFactory(username="juror")
    PanelFactory(call=call, name="Jury A").members.add(juror)
    team, director = UserFactory(username="team"), UserFactory(username="director")
    add_to_team(team)
    add_to_team(director, director=True)
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    return {
        "anonymous": AnonymousUser(),
        "candidate": candidate,
        "administration": administration,
        "juror": juror,
        "team": team,
        "director": director,
        "superuser": superuser,
    }


def _later(days):
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _views(call, project_call):
    """(method, url, data, status when allowed) of every configuration view."""
    question = call.questions.first()
    statement = call.statements.first()
    criterion = call.grid.criteria.first()
    round_ = call.rounds.first()
    band = project_call.cohort.funding_rules.bands.first()
    profile = ExpertiseFactory()
    c, p = call.pk, project_call.pk
    return [
        ("get", reverse("team:config_calls"), None, 200),
        ("get", reverse("team:config_create"), None, 200),
        ("get", reverse("team:config_defaults"), None, 200),
        ("get", reverse("team:config_profiles"), None, 200),
        ("post", reverse("team:config_profiles"), {"name": ""}, 400),
        ("post", reverse("team:config_defaults"), {"default_criteria": ": sans libellé"}, 400),
        ("post", reverse("team:config_create"), {"kind": ""}, 200),
        ("get", reverse("team:config_cohort_create"), None, 200),
        ("post", reverse("team:config_cohort_create"), {"name": ""}, 200),
        ("post", reverse("team:config_duplicate", args=[c]), {}, 302),
        ("get", reverse("team:config_call", args=[c]), None, 200),
        ("get", reverse("team:config_call", args=[p]), None, 200),
        ("get", reverse("team:config_rounds", args=[c]), None, 200),
        ("get", reverse("team:config_round", args=[c, round_.pk]), None, 200),
        ("post", reverse("team:config_round_delete", args=[c, round_.pk]), {}, 302),
        ("get", reverse("team:config_questions", args=[c]), None, 200),
        ("get", reverse("team:config_preview", args=[c]), None, 200),
        ("get", reverse("team:config_question", args=[c, question.pk]), None, 200),
        (
            "post",
            reverse("team:config_question_move", args=[c, question.pk]),
            {"direction": "down"},
            302,
        ),
        ("post", reverse("team:config_question_delete", args=[c, question.pk]), {}, 302),
        ("get", reverse("team:config_statement", args=[c, statement.pk]), None, 200),
        ("post", reverse("team:config_statement_delete", args=[c, statement.pk]), {}, 302),
        ("get", reverse("team:config_grid", args=[c]), None, 200),
        ("post", reverse("team:config_grid_create", args=[c]), {}, 302),
        ("get", reverse("team:config_criterion", args=[c, criterion.pk]), None, 200),
        (
            "post",
            reverse("team:config_criterion_move", args=[c, criterion.pk]),
            {"direction": "down"},
            302,
        ),
        ("post", reverse("team:config_criterion_delete", args=[c, criterion.pk]), {}, 302),
        ("get", reverse("team:config_choices", args=[c]), None, 200),
        ("get", reverse("team:config_choices", args=[p]), None, 200),
        ("get", reverse("team:config_project", args=[p]), None, 200),
        ("get", reverse("team:config_band", args=[p, band.pk]), None, 200),
        ("get", reverse("team:config_profile", args=[profile.pk]), None, 200),
        ("post", reverse("team:config_profile", args=[profile.pk]), {"name": ""}, 400),
        ("post", reverse("team:config_band_delete", args=[p, band.pk]), {}, 302),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_configuration_view_for_every_role(client, role):
    call = ApplicationCallFactory()
    project_call = ProjectCallFactory()
    user = _roles(call)[role]
    calls_before = Call.objects.count()
    if role != "anonymous":
        client.force_login(user)
    for method, url, data, allowed_status in _views(call, project_call):
        response = getattr(client, method)(url, data or {})
        if role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("account_login")), url
        elif role in ALLOWED:
            assert response.status_code == allowed_status, (url, response.status_code)
        else:
            assert response.status_code == 403, url
    if role not in ALLOWED:
        # Nothing changed for those refused.
        assert Call.objects.count() == calls_before
        assert call.questions.count() == 2
        assert call.rounds.count() == 1
        assert call.statements.count() == 3


@pytest.mark.parametrize("kind_page", ["config_questions", "config_project"])
def test_pages_of_the_other_kind_of_call_are_not_found(client, kind_page):
    call = ApplicationCallFactory() if kind_page == "config_project" else ProjectCallFactory()
    team = UserFactory(username="team")
    add_to_team(team)
    client.force_login(team)
    assert client.get(reverse(f"team:{kind_page}", args=[call.pk])).status_code == 404


def test_moves_only_up_or_down(client):
    call = ApplicationCallFactory()
    team = UserFactory(username="team")
    add_to_team(team)
    client.force_login(team)
    question = call.questions.first()
    url = reverse("team:config_question_move", args=[call.pk, question.pk])
    assert client.post(url, {"direction": "sideways"}).status_code == 404
    assert client.get(url).status_code == 405
