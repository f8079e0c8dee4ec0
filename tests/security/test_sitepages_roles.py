"""Every role of the running cohort against the editors of the site's pages and FAQ.

The team and its director write the pages and the FAQ; everyone else signed in (fellows,
mentors, an administration's member…) gets 403 and anonymous visitors go to the login page.
"""

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.content.models import FaqEntry, Page
from tests.cohort_world import ROLES, cohort_world  # noqa: F401
from tests.factories import FaqEntryFactory, PageFactory

pytestmark = pytest.mark.django_db
TEAM = {"team", "director"}
PAGES = [
    # (url name, arguments, method, data, what the team gets)
    ("sitepages:page_list", "", "get", None, 200),
    ("sitepages:page_new", "", "get", None, 200),
    ("sitepages:page_new", "", "post", {}, 400),
    ("sitepages:page_preview", "", "post", {"title": "Essai", "body": "Texte"}, 200),
    ("sitepages:page_edit", "p", "get", None, 200),
    ("sitepages:page_edit", "p", "post", {}, 400),
    ("sitepages:legal_edit", "l", "get", None, 200),
    ("sitepages:legal_edit", "l", "post", {}, 400),
    ("sitepages:faq_list", "", "get", None, 200),
    ("sitepages:faq_new", "", "get", None, 200),
    ("sitepages:faq_new", "", "post", {}, 400),
    ("sitepages:faq_preview", "", "post", {"question": "Q ?", "answer": "R"}, 200),
    ("sitepages:faq_edit", "q", "get", None, 200),
    ("sitepages:faq_edit", "q", "post", {}, 400),
    ("sitepages:faq_up", "q", "post", {}, 302),
    ("sitepages:faq_down", "q", "post", {}, 302),
    ("sitepages:faq_delete", "q", "get", None, 200),
    ("sitepages:faq_delete", "q", "post", {}, 302),
]


def _arguments(kind, page, entry):
    return {"": [], "p": [page.pk], "l": ["mentions-legales"], "q": [entry.pk]}[kind]


def _content() -> tuple:
    pages = Page.objects.order_by("pk").values_list("pk", "slug", "title", "body")
    entries = FaqEntry.objects.order_by("pk").values_list("pk", "question", "order")
    return list(pages), list(entries), ActivityLog.objects.count()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p[2]} {p[0]}")
def test_only_the_team_edits_the_pages_and_the_faq(client, cohort_world, page):  # noqa: F811
    name, kind, method, data, ok = page
    wrong = []
    for role in ["anonymous", *ROLES]:
        # Fresh content for each role: moving or deleting must find it as it was.
        Page.objects.all().delete()
        FaqEntry.objects.all().delete()
        free = PageFactory(title="Le programme", slug="programme")
        FaqEntryFactory(question="Avant ?", order=0)
        entry = FaqEntryFactory(question="Celle-ci ?", order=1)
        FaqEntryFactory(question="Après ?", order=2)
        url = reverse(name, args=_arguments(kind, free, entry))
        client.logout()
        if role != "anonymous":
            client.force_login(cohort_world.users[role])
        before = _content()
        call = getattr(client, method)
        response = call(url, data) if data is not None else call(url)
        expected = 302 if role == "anonymous" else ok if role in TEAM else 403
        if response.status_code != expected:
            wrong.append((role, expected, response.status_code))
        if role not in TEAM and _content() != before:
            wrong.append((role, "changed"))
        if role == "anonymous":
            assert response.url.startswith("/compte/login/?next="), name
    assert wrong == [], name


def test_the_work_menu_offers_the_editors_to_the_team_only(client, cohort_world):  # noqa: F811
    wrong = []
    for role in ROLES:
        client.force_login(cohort_world.users[role])
        page = client.get(reverse("accounts:home")).content.decode()
        shown = "Pages du site" in page and "Questions fréquentes" in page
        if shown != (role in TEAM):
            wrong.append(role)
    assert wrong == []
    client.force_login(cohort_world.users["team"])
    page = client.get(reverse("accounts:home")).content.decode()
    assert f'href="{reverse("sitepages:page_list")}"' in page
    assert f'href="{reverse("sitepages:faq_list")}"' in page
