"""The blog's Atom feeds, read back with feedparser: all posts, per kind, per category."""

import datetime

import feedparser
import pytest
import time_machine
from django.utils import timezone

from cohorte.content.models import Post
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

SITE = "https://eig.example.org"


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.SITE_URL = SITE  # whatever host the request named


def ago(hours: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


def read(client, url):
    """The feed at ``url``, parsed; it must be well-formed Atom with absolute links."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert all(entry.link.startswith(f"{SITE}/blog/") for entry in feed.entries)
    return feed


def titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


@pytest.fixture
def blog():
    """Posts of every kind, and job offers open, filled and past their last day."""
    today = timezone.localdate()
    recruiting = CategoryFactory(name="Recrutement", slug="recrutement")
    posts = {
        "article": PostFactory(title="Un article", published_at=ago(1)),
        "event": PostFactory(title="Table ronde", kind=Post.Kind.EVENT, published_at=ago(2)),
        "testimonial": PostFactory(
            title="Mon année d’EIG", kind=Post.Kind.TESTIMONIAL, published_at=ago(3)
        ),
        "press": PostFactory(title="Communiqué", kind=Post.Kind.PRESS, published_at=ago(4)),
        "open": PostFactory(
            title="Offre ouverte", kind=Post.Kind.JOB, open_until=today, published_at=ago(5)
        ),
        "no_limit": PostFactory(title="Offre sans date", kind=Post.Kind.JOB, published_at=ago(6)),
        "filled": PostFactory(
            title="Offre pourvue", kind=Post.Kind.JOB, filled=True, published_at=ago(7)
        ),
        "expired": PostFactory(
            title="Offre expirée",
            kind=Post.Kind.JOB,
            open_until=today - datetime.timedelta(days=1),
            published_at=ago(8),
        ),
        "draft": PostFactory(title="Brouillon", kind=Post.Kind.JOB, is_published=False),
    }
    for name in ("article", "open", "filled", "expired"):
        posts[name].categories.add(recruiting)
    return posts


def test_the_blog_feed_leaves_out_filled_and_closed_offers(client, blog):
    feed = read(client, "/blog/feed/")

    assert titles(feed) == [
        "Un article",
        "Table ronde",
        "Mon année d’EIG",
        "Communiqué",
        "Offre ouverte",
        "Offre sans date",
    ]
    assert feed.entries[0].link == f"{SITE}/blog/{blog['article'].slug}/"
    assert feed.feed.link == f"{SITE}/blog/"


def test_the_job_offers_feed_has_the_open_offers_only(client, blog):
    feed = read(client, "/blog/feed/job/")

    assert titles(feed) == ["Offre ouverte", "Offre sans date"]
    assert feed.feed.title == "Blog — offre d'emploi — Entrepreneurs d'intérêt général"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": f"{SITE}/blog/offres/", "self": f"{SITE}/blog/feed/job/"}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("article", ["Un article"]),
        ("event", ["Table ronde"]),
        ("testimonial", ["Mon année d’EIG"]),
        ("press", ["Communiqué"]),
        ("news", []),
    ],
)
def test_each_kind_has_its_feed(client, blog, kind, expected):
    feed = read(client, f"/blog/feed/{kind}/")

    assert titles(feed) == expected
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": f"{SITE}/blog/?type={kind}", "self": f"{SITE}/blog/feed/{kind}/"}


def test_a_category_has_its_feed_without_closed_offers(client, blog):
    feed = read(client, "/blog/categorie/recrutement/feed/")

    assert titles(feed) == ["Un article", "Offre ouverte"]
    assert feed.feed.title == "Blog — Recrutement — Entrepreneurs d'intérêt général"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {
        "alternate": f"{SITE}/blog/?categorie=recrutement",
        "self": f"{SITE}/blog/categorie/recrutement/feed/",
    }
    assert [tag.term for tag in feed.entries[0].tags] == ["Recrutement"]


@pytest.mark.parametrize(
    "url", ["/blog/feed/inconnu/", "/blog/feed/ARTICLE/", "/blog/categorie/inconnue/feed/"]
)
def test_an_unknown_kind_or_category_is_404(client, blog, url):
    assert client.get(url).status_code == 404


def test_feeds_have_a_constant_number_of_queries(count_queries, post_world):
    recruiting = CategoryFactory(slug="recrutement")
    for post in post_world(2):
        post.categories.add(recruiting)
    small = [
        count_queries(url)[1]
        for url in ("/blog/feed/article/", "/blog/categorie/recrutement/feed/")
    ]
    for post in post_world(8):
        post.categories.add(recruiting)
    large = [
        count_queries(url)[1]
        for url in ("/blog/feed/article/", "/blog/categorie/recrutement/feed/")
    ]

    assert small == large


def test_an_offer_leaves_the_feeds_at_midnight_after_its_last_day_paris_time(client):
    # 22:58 UTC on 10 March is 23:58 in Paris: the last day still; 23:00 UTC is the 11th. Two
    # minutes apart, so that only the feeds' own expiry (not the cache's ten minutes) explains it.
    PostFactory(
        title="Offre",
        kind=Post.Kind.JOB,
        open_until=datetime.date(2026, 3, 10),
        published_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )
    with time_machine.travel(
        datetime.datetime(2026, 3, 10, 22, 58, tzinfo=datetime.UTC), tick=False
    ):
        assert titles(read(client, "/blog/feed/job/")) == ["Offre"]
        assert titles(read(client, "/blog/feed/")) == ["Offre"]  # now cached until midnight
    with time_machine.travel(
        datetime.datetime(2026, 3, 10, 23, 0, 1, tzinfo=datetime.UTC), tick=False
    ):
        assert titles(read(client, "/blog/feed/job/")) == []
        assert titles(read(client, "/blog/feed/")) == []
