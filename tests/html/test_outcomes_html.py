"""The end of programme's pages are valid HTML (Nu HTML checker), forms with errors included."""

import datetime
import json
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.sealing import unseal
from cohorte.outcomes import domain, jobs
from cohorte.outcomes.models import Closing, FollowUp
from tests.cohort_world import cohort_world  # noqa: F401
from tests.html import vnu

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(vnu.missing() is not None, reason=vnu.missing() or ""),
]
NOW = datetime.datetime(2028, 6, 1, 10, tzinfo=datetime.UTC)


def test_outcomes_pages_are_valid_html(tmp_path, cohort_world):  # noqa: F811
    world = cohort_world
    Closing.objects.create(
        cohort=world.cohort,
        report_sections=["Contexte", "Réalisations"],
        report_due=world.cohort.end_date,
    )
    with time_machine.travel(NOW, tick=False):
        jobs.follow_up(NOW.date(), NOW)
        mail = OutboxMessage.objects.get(to=["morgane@example.org"])
        link = re.search(
            r"/suivi-perennisation/\S+/", json.loads(unseal(mail.sealed_body))["body"]
        ).group(0)
        domain.record_sustainment(
            world.first,
            {"state": "sustained", "by": "internal_team", "since": world.cohort.end_date,
             "product_url": "https://sante.example.gouv.fr", "note": "Repris"},
            world.users["team"],
        )  # fmt: skip
        follow_up = FollowUp.objects.get(challenge=world.first, months=6)
        first, cohort = world.first.pk, world.cohort.pk
        pages = [
            ("team", reverse("outcomes:cohorts"), None),
            ("team", reverse("outcomes:cohort", args=[cohort]), None),
            ("team", reverse("outcomes:cohort", args=[cohort]), {"sections": ""}),
            ("team", reverse("outcomes:challenge", args=[first]), None),
            ("team", reverse("outcomes:sustainment", args=[first]), {"state": "sustained"}),
            ("team", reverse("outcomes:result", args=[first]), {"resultat-verdict": "x"}),
            ("fellow", reverse("outcomes:mine"), None),
            ("fellow", reverse("outcomes:deliverables", args=[first]), None),
            ("fellow", reverse("outcomes:deliverables", args=[first]), {"code": "pas une adresse"}),
            ("mentor", reverse("outcomes:mine"), None),
            ("mentor", reverse("outcomes:mentor_answer", args=[first, follow_up.pk]), None),
            ("public", link, None),
            ("public", link, {"state": "sustained", "since": "2020-01-01"}),
        ]
        folder = tmp_path / "pages"
        folder.mkdir()
        for index, (role, url, data) in enumerate(pages):
            client = Client()
            if role != "public":
                client.force_login(world.users[role])
            response = client.post(url, data) if data is not None else client.get(url)
            assert response.status_code in (200, 400), (url, response.status_code)
            (folder / f"{index:02d}.html").write_bytes(response.content)
    problems = vnu.check(folder)
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(map(str, problems))
