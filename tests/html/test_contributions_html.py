"""The proposed posts' pages are valid HTML (Nu HTML checker), forms with errors included,
and every ARIA or label reference names an element of the page."""

import pytest
from django.test import Client
from django.urls import reverse

from cohorte.contributions.models import Contribution, ContributionComment
from tests.cohort_world import cohort_world  # noqa: F401
from tests.contributions.conftest import make_contribution
from tests.html import vnu
from tests.html.id_references import dangling

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(vnu.missing() is not None, reason=vnu.missing() or ""),
]
Status = Contribution.Status


def test_contributions_pages_are_valid_html(tmp_path, cohort_world):  # noqa: F811
    world = cohort_world
    draft = make_contribution(world)
    submitted = make_contribution(world, status=Status.SUBMITTED, title="À relire")
    accepted = make_contribution(world, status=Status.ACCEPTED, title="Acceptée")
    ContributionComment.objects.create(
        contribution=submitted, author=world.users["team"], body="Un avis\nsur deux lignes",
        is_team=True,
    )  # fmt: skip
    pages = [
        ("fellow", reverse("contributions:mine"), None),
        ("fellow", reverse("contributions:new"), None),
        ("fellow", reverse("contributions:new"), {"title": ""}),
        ("fellow", reverse("contributions:detail", args=[draft.pk]), None),
        ("fellow", reverse("contributions:detail", args=[submitted.pk]), None),
        ("fellow", reverse("contributions:edit", args=[draft.pk]), None),
        ("fellow", reverse("contributions:answer", args=[draft.pk]), {"body": ""}),
        ("team", reverse("contributions:team_list"), None),
        ("team", reverse("contributions:review", args=[submitted.pk]), None),
        ("team", reverse("contributions:changes", args=[submitted.pk]), {}),
        ("team", reverse("contributions:review", args=[accepted.pk]), None),
        ("team", reverse("contributions:publish", args=[accepted.pk]), {"at": "2020-01-01T10:00"}),
    ]
    folder = tmp_path / "pages"
    folder.mkdir()
    for index, (role, url, data) in enumerate(pages):
        client = Client()
        client.force_login(world.users[role])
        response = client.post(url, data) if data is not None else client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)
        assert dangling(response.content.decode()) == [], url
        (folder / f"{index:02d}.html").write_bytes(response.content)
    problems = vnu.check(folder)
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(map(str, problems))
