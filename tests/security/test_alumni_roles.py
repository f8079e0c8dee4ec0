"""Every role of the cohort's world against the alumni pages (docs/permissions.md).

A fellow of any cohort keeps their own path; the team and the director keep every fellow's;
the directory is for the programme's signed-in members; everyone else of ``ROLES`` gets
403 and anonymous visitors go to the login page. The public page is open to all.
"""

import pytest
from django.urls import reverse

from cohorte.alumni.models import AlumniProfile, CareerStep
from cohorte.people.models import Person
from tests.cohort_world import ROLES, cohort_world  # noqa: F401
from tests.security.test_cohort_roles import TEAM, Page

pytestmark = pytest.mark.django_db
FELLOWS = frozenset({"fellow", "second_fellow", "other_fellow", "other_cohort_fellow"})
MEMBERS = TEAM | FELLOWS | {"link", "mentor", "senior_mentor"}

PAGES = [
    Page("alumni:mine", allowed=FELLOWS),
    Page("alumni:mine", method="post", allowed=FELLOWS, ok=400),
    Page("alumni:team_list"),
    Page("alumni:team_fellow", ("fellow_person",)),
    Page("alumni:team_fellow", ("fellow_person",), method="post", ok=400),
    Page("alumni:directory", allowed=MEMBERS),
]


def _url(page, world) -> str:
    known = {"fellow_person": Person.objects.get(user=world.users["fellow"]).pk}
    return reverse(page.name, args=[known[name] for name in page.args])


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.method} {p.name}")
def test_every_role_against_the_matrix(client, cohort_world, page):  # noqa: F811
    wrong = []
    url = _url(page, cohort_world)
    for role in ["anonymous", *ROLES]:
        client.logout()
        if role == "anonymous":
            expected = 302
        else:
            client.force_login(cohort_world.users[role])
            expected = page.special.get(role, page.ok if role in page.allowed else 403)
        got = getattr(client, page.method)(url, page.data).status_code
        if got != expected:
            wrong.append((role, expected, got))
    assert wrong == [], page.name
    assert not CareerStep.objects.exists() and not AlumniProfile.objects.exists()


def test_anonymous_visitors_go_to_the_login_page(client, cohort_world):  # noqa: F811
    for page in PAGES:
        response = getattr(client, page.method)(_url(page, cohort_world))
        assert response.url.startswith("/compte/login/?next="), page.name


def test_the_public_page_is_open_to_everyone(client, cohort_world):  # noqa: F811
    assert client.get(reverse("alumni:public")).status_code == 200
    for role in ROLES:
        client.force_login(cohort_world.users[role])
        assert client.get(reverse("alumni:public")).status_code == 200, role


def test_the_menu_offers_each_alumni_area_to_its_roles(rf, cohort_world):  # noqa: F811
    from cohorte.accounts.menu import work_menu

    def names(role):
        request = rf.get("/mon-espace/")
        request.user = cohort_world.users[role]
        return {item["name"] for item in work_menu(request)} & {
            "alumni:mine",
            "alumni:team_list",
            "alumni:directory",
        }

    for role in ROLES:
        expected = set()
        if role in FELLOWS:
            expected.add("alumni:mine")
        if role in TEAM:
            expected.add("alumni:team_list")
        if role in MEMBERS:
            expected.add("alumni:directory")
        assert names(role) == expected, role
