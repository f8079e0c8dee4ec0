"""Every alumni page is valid HTML (Nu HTML checker), its forms with errors included."""

import datetime

import pytest
import time_machine
from django.test import Client

from cohorte.alumni.models import AlumniProfile, CareerStep
from cohorte.people.models import Person
from cohorte.programmes.models import Cohort
from tests.cohort_world import cohort_world  # noqa: F401
from tests.html import vnu

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(vnu.missing() is not None, reason=vnu.missing() or ""),
]


def test_alumni_pages_are_valid_html(tmp_path, cohort_world):  # noqa: F811
    Cohort.objects.filter(pk=cohort_world.cohort.pk).update(status=Cohort.Status.FINISHED)
    camille = Person.objects.get(user=cohort_world.users["fellow"])
    CareerStep.objects.create(
        person=camille, situation="own_company", since=datetime.date(2028, 1, 2), organisation="C"
    )
    AlumniProfile.objects.create(
        person=camille, in_directory=True, path_public=True, contact="https://example.org/c"
    )
    bad_step = {"formulaire": "etape", "etape-since": "2030-01-01"}
    pages = [
        ("fellow", "/mon-espace/parcours/", None, 200),
        ("fellow", "/mon-espace/parcours/", bad_step, 400),
        ("team", "/gestion/alumni/", None, 200),
        ("team", f"/gestion/alumni/{camille.pk}/", None, 200),
        ("team", f"/gestion/alumni/{camille.pk}/", bad_step, 400),
        ("other_fellow", "/communaute/alumni/", None, 200),
        ("public", "/que-sont-ils-devenus/", None, 200),
    ]
    folder = tmp_path / "pages"
    folder.mkdir()
    with time_machine.travel(datetime.datetime(2028, 3, 1, 10, tzinfo=datetime.UTC)):
        for number, (role, url, data, status) in enumerate(pages):
            client = Client()
            if role != "public":
                client.force_login(cohort_world.users[role])
            response = client.post(url, data) if data else client.get(url)
            assert response.status_code == status, url
            (folder / f"{number}-{role}.html").write_bytes(response.content)
    problems = vnu.check(folder)
    assert not problems, "\n".join(map(str, problems))
