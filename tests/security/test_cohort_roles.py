"""Every role of the running cohort against the permission matrix (docs/permissions.md).

Table-driven: each row is a page (or a change) of the cohort's life, who may use it and the
exact status they get; everyone else of ``ROLES`` gets 403 and anonymous visitors go to the
login page. The other areas of the cohort's life (events, follow-up, bulletins) add their
rows to ``PAGES``.
"""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from cohorte.people.models import Role
from cohorte.recruitment.models import OnboardingItem
from tests.cohort_world import ROLES, cohort_world  # noqa: F401

pytestmark = pytest.mark.django_db
TEAM = frozenset({"team", "director"})


@dataclass(frozen=True)
class Page:
    """A URL name, how its arguments come from the world, who may use it and with what code."""

    name: str
    args: tuple = ()  # names of world values: "cohort", "fellow", "link_member", "item", …
    method: str = "get"
    allowed: frozenset = TEAM
    ok: int = 200  # what the allowed roles get (302 for a change that redirects)
    data: dict = field(default_factory=dict)
    # Roles getting something else than ``ok`` or 403 (e.g. 404 for what they may not know).
    special: dict = field(default_factory=dict)


def values(world) -> dict:
    """What the rows' arguments name, built once the world exists."""
    fellow = Role.objects.get(person__user=world.users["fellow"], kind=Role.Kind.FELLOW)
    return {
        "cohort": world.cohort.pk,
        "fellow": fellow.pk,
        "link_member": world.users["link"].pk,
        "csv": "csv",
    }


PAGES = [
    # Recruitment and co-funding: the team follows every fellow; the host administration's HR
    # contact reads and records its own fellows'; the fellow reads their own.
    Page("recruitment:cohorts"),
    Page("recruitment:cohort", ("cohort",)),
    Page("recruitment:items", ("cohort",)),
    Page("recruitment:cofunding", ("cohort",)),
    Page("recruitment:cofunding_export", ("cohort", "csv")),
    Page("recruitment:mentors", ("cohort",)),
    Page("recruitment:vacant_seat", ("cohort",), method="post", ok=400),
    Page("recruitment:item_remove", ("cohort", "item"), method="post", ok=302),
    Page("recruitment:fellows", allowed=frozenset({"hr"})),
    Page("recruitment:fellow", ("fellow",), allowed=TEAM | {"hr", "fellow"}),
    Page("recruitment:contract", ("fellow",), method="post", allowed=TEAM | {"hr"}, ok=400),
    Page("recruitment:checklist", ("fellow",), method="post", allowed=TEAM | {"hr"}, ok=302),
    Page("recruitment:departure", ("fellow",), method="post", allowed=TEAM | {"hr"}, ok=400),
    # EIG Link management: the team only, EIG Link members included in the refusal.
    Page("link:members"),
    Page("link:members", method="post", ok=400, data={"email": "personne@example.org"}),
    Page("link:remove", ("link_member",)),
]


def _url(page, world, known, role) -> str:
    args = []
    for name in page.args:
        if name == "item":  # a fresh step each time: the team's POST removes it
            name = OnboardingItem.objects.create(cohort=world.cohort, label=f"Étape {role}").pk
            args.append(name)
        else:
            args.append(known[name])
    return reverse(page.name, args=args)


def status(client, world, known, page, role) -> int:
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])
    url = _url(page, world, known, role)
    return getattr(client, page.method)(url, page.data).status_code


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.method} {p.name}")
def test_every_role_against_the_matrix(client, cohort_world, page):  # noqa: F811
    known = values(cohort_world)
    wrong = []
    for role in ["anonymous", *ROLES]:
        if role == "anonymous":
            expected = 302
        else:
            expected = page.special.get(role, page.ok if role in page.allowed else 403)
        got = status(client, cohort_world, known, page, role)
        if got != expected:
            wrong.append((role, expected, got))
    assert wrong == [], page.name


def test_anonymous_visitors_go_to_the_login_page(client, cohort_world):  # noqa: F811
    known = values(cohort_world)
    for page in PAGES:
        response = getattr(client, page.method)(_url(page, cohort_world, known, "anonymous"))
        assert response.url.startswith("/compte/login/?next="), page.name
