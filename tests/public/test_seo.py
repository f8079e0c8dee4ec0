"""robots.txt and sitemap.xml."""

import xml.etree.ElementTree as ET

import pytest

from cohorte.challenges.models import Challenge
from tests.factories import ChallengeFactory, CohortFactory, PageFactory, PersonFactory, PostFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_robots_allows_all_but_the_admin_and_points_to_the_sitemap(client, settings):
    settings.SITE_URL = "https://eig.example.org"
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\nDisallow: /admin/\n\nSitemap: https://eig.example.org/sitemap.xml\n"
    )


def test_sitemap_lists_public_content_only(client, settings):
    settings.SITE_URL = "https://eig.example.org"
    challenge = ChallengeFactory(slug="public")
    ChallengeFactory(slug="brouillon", status=Challenge.Status.DRAFT)
    PersonFactory(slug="ada")
    PersonFactory(slug="cachee", is_public=False)
    CohortFactory(slug="promo-x")
    PostFactory(slug="article")
    PostFactory(slug="article-brouillon", is_published=False)
    PageFactory(slug="programme")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = {url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")}
    base = "https://eig.example.org"  # the site's address, not the request's host
    for path in [
        "/",
        "/defis/",
        "/personnes/",
        "/promotions/",
        "/blog/",
        "/blog/offres/",
        "/faq/candidats/",
        "/faq/administrations/",
        "/accessibilite/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/plan-du-site/",
        "/donnees/",
        "/api/v1/docs",
        "/lettre/",
        "/defis/public/",
        "/personnes/ada/",
        f"/promotions/{challenge.cohort.slug}/",
        "/promotions/promo-x/",
        "/blog/article/",
        "/pages/programme/",
    ]:
        assert base + path in locations, path
    for path in ["/defis/brouillon/", "/personnes/cachee/", "/blog/article-brouillon/"]:
        assert base + path not in locations, path


def test_sitemap_has_a_constant_number_of_queries(count_queries, challenge_world, post_world):
    challenge_world(2)
    post_world(2)
    _response, small = count_queries("/sitemap.xml")
    challenge_world(10)
    post_world(10)
    _response, large = count_queries("/sitemap.xml")

    assert small == large
