"""The impact report's pages against the permission matrix (docs/permissions.md), for every
role of the running cohort: the team's version, the PDF and its sending are the programme
team's and its director's; everyone else signed in gets 403, anonymous visitors go to the
login page. The public page is everyone's."""

import pytest
from django.urls import reverse

from tests.cohort_world import ROLES, cohort_world  # noqa: F401
from tests.security.test_cohort_roles import TEAM, Page

pytestmark = pytest.mark.django_db

PAGES = [
    Page("impact:team"),
    Page("impact:report_pdf", ("cohort",)),
    Page("impact:send", ("cohort",)),
    Page("impact:send", ("cohort",), method="post", ok=400, data={"email": "pas-une-adresse"}),
]


def _url(page, world):
    return reverse(page.name, args=[world.cohort.pk for _name in page.args])


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.method} {p.name}")
def test_every_role_against_the_matrix(client, cohort_world, page):  # noqa: F811
    wrong = []
    for role in ["anonymous", *ROLES]:
        client.logout()
        if role == "anonymous":
            expected = 302
        else:
            client.force_login(cohort_world.users[role])
            expected = page.ok if role in TEAM else 403
        got = getattr(client, page.method)(_url(page, cohort_world), page.data).status_code
        if got != expected:
            wrong.append((role, expected, got))
    assert wrong == [], page.name


def test_the_public_page_is_everyones(client, cohort_world):  # noqa: F811
    assert client.get(reverse("impact:public")).status_code == 200
    for role in ROLES:
        client.force_login(cohort_world.users[role])
        assert client.get(reverse("impact:public")).status_code == 200, role
