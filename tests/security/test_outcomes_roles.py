"""Every role of the running cohort against the end of programme's pages (docs/permissions.md).

Built like ``test_cohort_roles``: each row is a page (or a change), who may use it and the
exact status they get; everyone else of ``ROLES`` gets 403 and anonymous visitors go to the
login page. The personal follow-up link, which needs no account, is tested in
tests/outcomes/test_follow_ups.py.
"""

from dataclasses import dataclass, field

import pytest
import time_machine
from django.urls import reverse

from cohorte.outcomes import domain
from cohorte.outcomes.models import FollowUp
from tests.cohort_world import ROLES, cohort_world  # noqa: F401

pytestmark = pytest.mark.django_db
TEAM = frozenset({"team", "director"})
FIRST_TEAM = frozenset({"fellow", "second_fellow", "mentor"})
MEMBERS = FIRST_TEAM | {"other_fellow", "senior_mentor", "other_cohort_fellow"}


@dataclass(frozen=True)
class Page:
    name: str
    args: tuple = ()
    method: str = "get"
    allowed: frozenset = TEAM
    ok: int = 200
    data: dict = field(default_factory=dict)


def values(world) -> dict:
    domain.schedule(world.cohort)
    return {
        "cohort": world.cohort.pk,
        "first": world.first.pk,
        "follow_up": FollowUp.objects.get(challenge=world.first, months=6).pk,
    }


PAGES = [
    Page("outcomes:cohorts"),
    Page("outcomes:cohort", ("cohort",)),
    Page("outcomes:cohort", ("cohort",), method="post", ok=400),
    Page("outcomes:challenge", ("first",)),
    Page("outcomes:result", ("first",), method="post", ok=400),
    Page("outcomes:sustainment", ("first",), method="post", ok=400),
    Page("outcomes:resend", ("first", "follow_up"), method="post", ok=302),
    Page("outcomes:mine", allowed=frozenset(ROLES)),
    Page("outcomes:deliverables", ("first",), allowed=FIRST_TEAM),
    Page("outcomes:deliverables", ("first",), method="post", allowed=FIRST_TEAM, ok=302),
    Page("outcomes:mentor_answer", ("first", "follow_up"), allowed=frozenset({"mentor"})),
    Page(
        "outcomes:mentor_answer",
        ("first", "follow_up"),
        method="post",
        allowed=frozenset({"mentor"}),
        ok=400,
    ),
]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.method} {p.name}")
def test_every_role_against_the_matrix(client, cohort_world, page):  # noqa: F811
    # Six months after the end: the 6-month follow-up is due.
    with time_machine.travel("2028-06-01 10:00Z", tick=False):
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
