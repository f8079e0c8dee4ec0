"""The demo's running cohort has mentors to invite from the mentors' accounts page."""

import pytest
from django.urls import reverse

from cohorte.people.models import Person
from cohorte.programmes.models import Cohort
from tests.demo_snapshot import lay_demo

pytestmark = pytest.mark.django_db


def test_the_demo_team_finds_mentors_to_invite(client, settings, tmp_path_factory):
    lay_demo(settings, tmp_path_factory, with_accounts=True)
    cohort = Cohort.objects.get(name="Promotion 9")
    client.login(username="equipe", password="demo")
    response = client.get(reverse("recruitment:mentors", args=[cohort.pk]))
    assert response.status_code == 200
    waiting = Person.objects.filter(user=None, roles__cohort=cohort, roles__kind__contains="mentor")
    assert waiting.exists()
    assert not waiting.filter(email="").exists()
    assert "@demo.cohorte.local" in response.content.decode()
