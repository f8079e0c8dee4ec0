"""Every role of the running cohort against the newsletter's team pages.

The team and its director compose, test, send and export; everyone else signed in gets 403
and anonymous visitors go to the login page. The public pages need no account: the signed
links are the credentials (tests/newsletter/test_subscription.py).
"""

import pytest
from django.urls import reverse

from cohorte.newsletter.models import Edition, Subscriber
from tests.cohort_world import ROLES, cohort_world  # noqa: F401

pytestmark = pytest.mark.django_db
TEAM = {"team", "director"}
REASON = {"reason": "Demande d'accès d'une abonnée, reçue le 3 mars."}
PAGES = [
    # (url name, with the edition, method, data, what the team gets)
    ("newsletter:home", False, "get", None, 200),
    ("newsletter:new", False, "get", None, 200),
    ("newsletter:new", False, "post", {}, 400),
    ("newsletter:edition", True, "get", None, 200),
    ("newsletter:edit", True, "get", None, 200),
    ("newsletter:test", True, "post", {}, 302),
    ("newsletter:send", True, "post", {}, 302),
    ("newsletter:export", False, "post", REASON, 200),
]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p[2]} {p[0]}")
def test_only_the_team_uses_the_newsletter_pages(client, cohort_world, page):  # noqa: F811
    name, with_edition, method, data, ok = page
    edition = Edition.objects.create(subject="Lettre", calls=True)
    Subscriber.objects.create(email="alice@example.org", calls=True)
    url = reverse(name, args=[edition.pk] if with_edition else [])
    wrong = []
    for role in ["anonymous", *ROLES]:
        client.logout()
        if role != "anonymous":
            client.force_login(cohort_world.users[role])
        response = (
            getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        )
        expected = 302 if role == "anonymous" else ok if role in TEAM else 403
        if response.status_code != expected:
            wrong.append((role, expected, response.status_code))
        if role == "anonymous":
            assert response.url.startswith("/compte/login/?next="), name
    assert wrong == [], name
