"""The blog (/blog/), a post (/blog/<slug>/) and the Atom feed (/blog/feed/)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.content.models import Post
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("public:post_list")
FEED_URL = reverse("public:post_feed")
ATOM = "{http://www.w3.org/2005/Atom}"


def titles(response) -> list[str]:
    return [post.title for post in response.context["page_obj"].object_list]


def test_blog_lists_public_posts_newest_first(client):
    now = timezone.now()
    PostFactory(title="Ancien", published_at=now - datetime.timedelta(days=10))
    PostFactory(title="Récent", published_at=now - datetime.timedelta(days=1))
    PostFactory(title="Brouillon", is_published=False)
    PostFactory(title="Programmé", published_at=now + datetime.timedelta(days=1))

    response = client.get(LIST_URL)

    assert titles(response) == ["Récent", "Ancien"]
    assert "Programmé" not in response.content.decode()


def test_blog_filters_by_category(client):
    news = CategoryFactory(name="Recrutement", slug="recrutement")
    PostFactory(title="Offre").categories.add(news)
    PostFactory(title="Autre")

    response = client.get(LIST_URL, {"categorie": "recrutement"})

    assert titles(response) == ["Offre"]
    page = response.content.decode()
    assert 'href="/blog/?categorie=recrutement" aria-current="page">Recrutement</a>' in page


def test_blog_marks_posts_in_english(client):
    PostFactory(title="Open source in government", language="en")

    page = client.get(LIST_URL).content.decode()

    assert '<div class="fr-card fr-enlarge-link" lang="en">' in page
    assert ">anglais</p>" in page


def test_blog_is_paginated_by_twelve(client, post_world):
    post_world(13)

    assert len(titles(client.get(LIST_URL))) == 12
    assert len(titles(client.get(LIST_URL, {"page": 2}))) == 1


def test_blog_has_a_constant_number_of_queries(count_queries, post_world):
    post_world(3)
    _response, small = count_queries(LIST_URL)
    post_world(15)
    _response, large = count_queries(LIST_URL)

    assert small == large


def test_post_page_shows_the_post(client):
    post = PostFactory(
        title="Bilan de la promotion",
        author="Équipe EIG",
        published_at=datetime.datetime(2024, 3, 1, 10, 0, tzinfo=datetime.UTC),
        body="Un **bilan** chiffré.",
    )
    post.categories.add(CategoryFactory(name="Bilans"))

    page = client.get(post.get_absolute_url()).content.decode()

    assert '<h1 class="fr-mt-2w">Bilan de la promotion</h1>' in page
    assert "1er mars 2024</time>" in page
    assert "par Équipe EIG" in page
    assert "<strong>bilan</strong>" in page
    assert ">Bilans</p>" in page
    assert "poste pourvu" not in page


def test_filled_job_offer_says_so(client):
    post = PostFactory(kind=Post.Kind.JOB, filled=True)

    page = client.get(post.get_absolute_url()).content.decode()

    assert ">poste pourvu</p>" in page
    assert "Ce poste est pourvu" in page


@pytest.mark.parametrize(
    "attributes",
    [{"is_published": False}, {"published_at": timezone.now() + datetime.timedelta(hours=1)}],
)
def test_unpublished_posts_are_404(client, attributes):
    post = PostFactory(**attributes)

    assert client.get(post.get_absolute_url()).status_code == 404


def test_post_page_has_a_constant_number_of_queries(count_queries):
    small = PostFactory()
    _response, small_count = count_queries(small.get_absolute_url())
    large = PostFactory()
    large.categories.add(*[CategoryFactory() for _ in range(8)])
    _response, large_count = count_queries(large.get_absolute_url())

    assert small_count == large_count


# Feed


def test_feed_is_atom_with_the_latest_twenty_public_posts(client, post_world, settings):
    settings.SITE_URL = "https://eig.example.org"  # whatever host the request named
    posts = post_world(22)
    PostFactory(title="Brouillon", is_published=False)

    response = client.get(FEED_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        post.title for post in posts[:20]
    ]
    first_link = entries[0].find(f"{ATOM}link").get("href")
    assert first_link == f"https://eig.example.org{posts[0].get_absolute_url()}"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://eig.example.org/blog/feed/"
    assert len(entries[0].findall(f"{ATOM}category")) == 2


def test_feed_has_a_constant_number_of_queries(count_queries, post_world):
    post_world(2)
    _response, small = count_queries(FEED_URL)
    post_world(10)
    _response, large = count_queries(FEED_URL)

    assert small == large
