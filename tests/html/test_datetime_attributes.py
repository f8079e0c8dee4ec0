"""The ``datetime`` attributes of the pages' ``<time>`` elements are valid HTML."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

# A valid HTML global date and time: at most three decimals, an offset (HTML's syntax).
VALID = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:?\d\d)")
DATETIME = re.compile(r'<time datetime="([^"]*)"')


@pytest.mark.parametrize("page", ["home", "list", "post"])
def test_the_blog_dates_are_valid_with_microseconds(client, page):
    moment = datetime.datetime(2026, 1, 20, 8, 30, 15, 425913, tzinfo=datetime.UTC)
    post = PostFactory(published_at=moment)
    url = {
        "home": reverse("public:home"),
        "list": reverse("public:post_list"),
        "post": reverse("public:post_detail", args=[post.slug]),
    }[page]
    values = DATETIME.findall(client.get(url).content.decode())
    assert values
    assert [v for v in values if not VALID.fullmatch(v)] == []
    assert "2026-01-20T09:30:15+01:00" in values
