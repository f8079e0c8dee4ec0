"""The team's menu leads to the exit surveys and marks them under a cohort's address."""

import pytest
from django.test import RequestFactory

from cohorte.accounts.menu import work_menu

pytestmark = pytest.mark.django_db


def _menu(user, path):
    request = RequestFactory().get(path)
    request.user = user
    return work_menu(request)


def test_the_team_alone_finds_the_surveys_in_its_menu(cohort_world):
    for role, shown in [("team", True), ("director", True), ("link", False), ("fellow", False)]:
        labels = [str(i["label"]) for i in _menu(cohort_world.users[role], "/mon-espace/")]
        assert ("Questionnaires de sortie" in labels) is shown, role
    team, pk = cohort_world.users["team"], cohort_world.cohort.pk
    current = [
        str(i["label"])
        for i in _menu(team, f"/gestion/promotions/{pk}/questionnaires/3/resultats/")
        if i["current"]
    ]
    assert current == ["Questionnaires de sortie"]
    home = [i for i in _menu(team, "/gestion/questionnaires/") if i["current"]]
    assert [i["url"] for i in home] == ["/gestion/questionnaires/"]
