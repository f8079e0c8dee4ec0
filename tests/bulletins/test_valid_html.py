"""The bulletins' pages are valid HTML (Nu HTML checker), with their forms and errors."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from cohorte.bulletins import writing
from tests.html import vnu

pytestmark = pytest.mark.django_db
WEEK = datetime.date(2027, 3, 8)


@pytest.mark.skipif(vnu.missing() is not None, reason=vnu.missing() or "")
def test_the_bulletin_pages_are_valid_html(client, cohort_world, tmp_path):
    w = cohort_world
    with time_machine.travel(datetime.datetime(2027, 3, 11, 9, tzinfo=datetime.UTC)):
        writing.save(
            w.first, WEEK, {"done": "Fait", "help_needed": "Aide", "mood": "good"},
            w.users["fellow"], publish=True,
        )  # fmt: skip
        week = reverse("bulletins:week", args=[w.first.pk, WEEK.isoformat()])
        pages = {
            "fellow": [reverse("bulletins:mine"), week, reverse("bulletins:digest")],
            "team": [reverse("bulletins:archive"), week, reverse("bulletins:digest")],
        }
        number = 0
        for role, urls in pages.items():
            client.force_login(w.users[role])
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, url
                number += 1
                (tmp_path / f"{number}-{role}.html").write_bytes(response.content)
        client.force_login(w.users["fellow"])
        response = client.post(week, {"done": "x" * 5001, "publish": "1"})
        (tmp_path / "errors.html").write_bytes(response.content)
        client.force_login(w.users["team"])
        bulletin = w.first.bulletins.get()
        response = client.post(
            reverse("bulletins:comment", args=[w.first.pk, bulletin.pk]), {"text": ""}
        )
        (tmp_path / "comment-errors.html").write_bytes(response.content)
    assert [str(p) for p in vnu.check(tmp_path)] == []
