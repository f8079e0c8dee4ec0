"""Every role of the running cohort against the programme's settings page.

The team and its director read, preview and save the programme's identity; everyone else
signed in (fellows, mentors, an administration's member, EIG Link…) gets 403 and anonymous
visitors go to the login page, with nothing saved nor written to the activity log.
"""

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.programmes.models import Programme
from tests.cohort_world import ROLES, cohort_world  # noqa: F401

pytestmark = pytest.mark.django_db
TEAM = {"team", "director"}
NAMED = {"name": "Pris", "short_name": "P", "brand": "République\nFrançaise"}
PAGES = [
    # (url name, method, data, what the team gets)
    ("programme_settings:edit", "get", None, 200),
    ("programme_settings:edit", "post", NAMED, 400),
    ("programme_settings:preview", "post", NAMED, 200),
]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p[1]} {p[0]}")
def test_only_the_team_sets_the_programme(client, cohort_world, page):  # noqa: F811
    name, method, data, ok = page
    url = reverse(name)
    wrong = []
    for role in ["anonymous", *ROLES]:
        client.logout()
        if role != "anonymous":
            client.force_login(cohort_world.users[role])
        call = getattr(client, method)
        response = call(url, data) if data is not None else call(url)
        expected = 302 if role == "anonymous" else ok if role in TEAM else 403
        if response.status_code != expected:
            wrong.append((role, expected, response.status_code))
        if role == "anonymous":
            assert response.url.startswith("/compte/login/?next="), name
    assert wrong == [], name
    assert Programme.objects.get().name == "Entrepreneurs d'intérêt général"
    assert not ActivityLog.objects.filter(action="programme.updated").exists()


def test_a_full_form_saves_for_the_team_only(client, cohort_world):  # noqa: F811
    programme = Programme.objects.get()
    data = {
        "name": "Talents du numérique", "short_name": "TDN", "brand": "Ministère\nde la Culture",
        "operator": "le ministère de la Culture", "fellow_singular": "talent",
        "fellow_plural": "talents", "contact_email": "talents@culture.gouv.fr",
    }  # fmt: skip
    for role in ["anonymous", *ROLES]:
        if role in TEAM:
            continue
        client.logout()
        if role != "anonymous":
            client.force_login(cohort_world.users[role])
        client.post(reverse("programme_settings:edit"), data)
    programme.refresh_from_db()
    assert programme.name == "Entrepreneurs d'intérêt général"
    assert not ActivityLog.objects.exists()
    client.force_login(cohort_world.users["director"])
    assert client.post(reverse("programme_settings:edit"), data).status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Talents du numérique"
    assert ActivityLog.objects.get().action == "programme.updated"
