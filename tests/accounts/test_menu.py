"""The work menu marks the area of the page shown, even under a cohort's address."""

import pytest
from django.test import RequestFactory

from cohorte.accounts.menu import work_menu
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db


def _current(user, path) -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    return [str(item["label"]) for item in work_menu(request) if item["current"]]


def test_each_page_of_a_cohort_marks_its_own_area():
    world = build_cohort_world()
    team, pk = world.users["team"], world.cohort.pk
    assert _current(team, f"/gestion/promotions/{pk}/suivi/") == ["Suivi des défis"]
    assert _current(team, f"/gestion/promotions/{pk}/programme/12/presence/") == [
        "Programme d'accompagnement"
    ]
    assert _current(team, f"/gestion/promotions/{pk}/recrutement/") == ["Recrutement des EIG"]
    assert _current(team, "/gestion/modeles/") == ["Modèles d'e-mails"]
    assert _current(team, "/bulletins/archive/") == ["Bulletins"]


def test_the_cohort_areas_are_offered_to_who_runs_the_cohort_only():
    users = build_cohort_world().users
    cohort_areas = {"Programme d'accompagnement", "Suivi des défis", "Bulletins"}

    def labels(user):
        request = RequestFactory().get("/mon-espace/")
        request.user = user
        return {str(item["label"]) for item in work_menu(request)}

    assert cohort_areas <= labels(users["link"])
    assert "EIG Link" not in labels(users["link"]) and "EIG Link" in labels(users["team"])
    assert not cohort_areas & labels(users["fellow"])
    assert "Mon programme" in labels(users["fellow"])
