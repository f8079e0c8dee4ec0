"""Job offers in Chromium: the blog's kind filter, the offers list, an open and a filled offer;
the JSON-LD blocks raise no Content-Security-Policy refusal (checked for every browser test)."""

import datetime
import json

import pytest
from django.utils import timezone

from cohorte.content.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_offers_from_the_blog(live_server, page, check_accessibility):
    now = timezone.now()
    PostFactory(title="Un article", published_at=now - datetime.timedelta(hours=1))
    PostFactory(
        title="Chargé·e de mission",
        slug="offre-charge-mission",
        kind=Post.Kind.JOB,
        open_until=timezone.localdate() + datetime.timedelta(days=5),
        published_at=now - datetime.timedelta(hours=2),
    )
    filled = PostFactory(
        title="Stage pourvu",
        kind=Post.Kind.JOB,
        filled=True,
        published_at=now - datetime.timedelta(hours=3),
    )

    page.goto(live_server.url + "/blog/")
    check_accessibility(page)
    page.get_by_role("navigation", name="Types").get_by_role("link", name="Offre d'emploi").click()
    page.wait_for_url("**/blog/?type=job")
    assert page.locator("main .fr-card__title").all_inner_texts() == ["Chargé·e de mission"]

    page.get_by_role("link", name="Les offres d’emploi ouvertes").click()
    page.wait_for_url("**/blog/offres/")
    assert page.locator("h1").inner_text() == "Offres d’emploi"
    check_accessibility(page)

    page.get_by_role("link", name="Chargé·e de mission").click()
    page.wait_for_url("**/blog/offre-charge-mission/")
    check_accessibility(page)
    posting = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == "Chargé·e de mission"

    page.goto(live_server.url + filled.get_absolute_url())
    assert "Offre pourvue" in page.locator(".fr-notice").inner_text()
    check_accessibility(page)
