"""Every role of the running cohort against the proposed posts' pages.

Built like ``test_outcomes_roles``: each row is a page (or a change), who may use it and the
exact status they get; everyone else of ``ROLES`` gets 403 and anonymous visitors go to the
login page. Camille ("fellow") wrote the contributions, on the défi ``first``; Alex
("second_fellow") is her co-fellow and does not read them: a contribution is seen by its
author and the team only.
"""

import io
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from cohorte.contributions.models import Contribution
from tests.cohort_world import ROLES, cohort_world  # noqa: F401
from tests.contributions.conftest import make_contribution

pytestmark = pytest.mark.django_db
TEAM = frozenset({"team", "director"})
AUTHOR = frozenset({"fellow"})
MEMBERS = frozenset(
    {"fellow", "second_fellow", "other_fellow", "mentor", "senior_mentor", "other_cohort_fellow"}
)
Status = Contribution.Status


@dataclass(frozen=True)
class Page:
    name: str
    args: tuple = ()
    method: str = "get"
    allowed: frozenset = TEAM
    ok: int = 200
    data: dict = field(default_factory=dict)


def with_image(contribution):
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, "PNG")
    contribution.image.save("image.png", ContentFile(buffer.getvalue()), save=True)
    return contribution


def values(world) -> dict:
    return {
        "draft": with_image(make_contribution(world)).pk,
        "submitted": with_image(make_contribution(world, status=Status.SUBMITTED)).pk,
        "accepted": make_contribution(world, status=Status.ACCEPTED).pk,
    }


PAGES = [
    Page("contributions:mine", allowed=MEMBERS),
    Page("contributions:new", allowed=MEMBERS),
    Page("contributions:new", method="post", allowed=MEMBERS, ok=400),
    Page("contributions:detail", ("draft",), allowed=AUTHOR),
    Page("contributions:edit", ("draft",), allowed=AUTHOR),
    Page("contributions:edit", ("draft",), method="post", allowed=AUTHOR, ok=400),
    Page("contributions:answer", ("draft",), method="post", allowed=AUTHOR, ok=400),
    Page("contributions:submit", ("draft",), method="post", allowed=AUTHOR, ok=302),
    Page("contributions:image", ("draft",), allowed=AUTHOR),  # a draft is the author's alone
    Page("contributions:image", ("submitted",), allowed=AUTHOR | TEAM),
    Page("contributions:team_list"),
    Page("contributions:review", ("submitted",)),
    Page("contributions:comment", ("submitted",), method="post", ok=400),
    Page("contributions:changes", ("submitted",), method="post", ok=400),
    Page("contributions:decline", ("submitted",), method="post", ok=400),
    # The director's click comes second: the state has changed, the page says so (302).
    Page("contributions:accept", ("submitted",), method="post", ok=302),
    Page("contributions:publish", ("accepted",), method="post", ok=302),
]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.method} {p.name}")
def test_every_role_against_the_matrix(client, cohort_world, page):  # noqa: F811
    known = values(cohort_world)
    url = reverse(page.name, args=[known[name] for name in page.args])
    wrong = []
    for role in ["anonymous", *ROLES]:
        client.logout()
        if role != "anonymous":
            client.force_login(cohort_world.users[role])
        expected = 302 if role == "anonymous" else (page.ok if role in page.allowed else 403)
        got = getattr(client, page.method)(url, page.data).status_code
        if got != expected:
            wrong.append((role, expected, got))
        if role == "anonymous":
            response = getattr(client, page.method)(url, page.data)
            assert response.url.startswith("/compte/login/?next="), page.name
    assert wrong == [], page.name


def test_get_does_not_change_state(client, cohort_world):  # noqa: F811
    known = values(cohort_world)
    client.force_login(cohort_world.users["team"])
    for name in ("accept", "publish", "decline", "changes", "comment"):
        url = reverse(f"contributions:{name}", args=[known["submitted"]])
        assert client.get(url).status_code == 405
    client.force_login(cohort_world.users["fellow"])
    assert client.get(reverse("contributions:submit", args=[known["draft"]])).status_code == 405
    assert Contribution.objects.get(pk=known["submitted"]).status == Status.SUBMITTED
    assert Contribution.objects.get(pk=known["draft"]).status == Status.DRAFT


def test_the_menu_shows_the_entries_to_whom_they_serve(client, cohort_world):  # noqa: F811
    for role, mine, team in [("fellow", True, False), ("mentor", True, False),
                             ("team", False, True), ("hr", False, False)]:  # fmt: skip
        client.force_login(cohort_world.users[role])
        html = client.get(reverse("accounts:home")).content.decode()
        assert (reverse("contributions:mine") in html) is mine, role
        assert (reverse("contributions:team_list") in html) is team, role


def test_the_team_never_sees_a_draft(client, cohort_world):  # noqa: F811
    known = values(cohort_world)
    client.force_login(cohort_world.users["team"])
    assert client.get(reverse("contributions:review", args=[known["draft"]])).status_code == 404
    listing = client.get(reverse("contributions:team_list"))
    assert [c.pk for c in listing.context["page_obj"].object_list] == [
        known["accepted"],
        known["submitted"],
    ]
