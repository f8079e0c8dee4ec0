"""The demo's running cohort has mentors to invite from the mentors' accounts page."""

import pytest
from django.urls import reverse

from cohorte.people.models import Person
from cohorte.programmes.models import Cohort

pytestmark = pytest.mark.django_db


def test_the_demo_team_finds_mentors_to_invite(client, lay_demo):
    lay_demo(with_accounts=True)
    cohort = Cohort.objects.get(name="Promotion 9")
    client.login(username="equipe", password="demo")
    response = client.get(reverse("recruitment:mentors", args=[cohort.pk]))
    assert response.status_code == 200
    waiting = Person.objects.filter(user=None, roles__cohort=cohort, roles__kind__contains="mentor")
    assert waiting.exists()
    assert not waiting.filter(email="").exists()
    assert "@demo.cohorte.local" in response.content.decode()
