"""Social cards (Open Graph, Twitter) and structured data (JSON-LD) of the public pages."""

import datetime
import json
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.utils import timezone

from cohorte.content.models import FaqEntry, Post
from tests.factories import CallFactory, FaqEntryFactory, PageFactory, PostFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

SITE = "https://eig.example.org"
IMAGES = "images.example.org"


class Head(HTMLParser):
    """The meta tags (by property or name) and the JSON-LD blocks of a page."""

    def __init__(self):
        super().__init__()
        self.meta = {}
        self.json_ld = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and (attributes.get("property") or attributes.get("name")):
            key = attributes.get("property") or attributes["name"]
            assert key not in self.meta, f"{key} twice"
            self.meta[key] = attributes.get("content")
        if tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_json_ld = True

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))


def read(client, url) -> Head:
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200, url
    head = Head()
    head.feed(response.content.decode())
    return head


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.SITE_URL = SITE
    settings.MARKDOWN_IMAGE_HOSTS = [IMAGES]


@pytest.fixture
def pages(make_challenge):
    """One page of every kind of the public site, by name."""
    ProgrammeFactory(name="Entrepreneurs d’intérêt général", short_name="EIG")
    challenge = make_challenge()
    person = challenge.roles.first().person
    post = PostFactory(title="Bilan de la promotion", description="Ce que la promotion a fait.")
    offer = PostFactory(
        title="Chargé·e de mission",
        kind=Post.Kind.JOB,
        open_until=timezone.localdate() + datetime.timedelta(days=10),
    )
    FaqEntryFactory(audience=FaqEntry.Audience.CANDIDATES)
    call = CallFactory()
    return {
        "home": ("/", "Accueil"),
        "défi": (challenge.get_absolute_url(), challenge.title),
        "personne": (person.get_absolute_url(), person.full_name),
        "promotion": (challenge.cohort.get_absolute_url(), challenge.cohort.name),
        "article": (post.get_absolute_url(), post.title),
        "offre": (offer.get_absolute_url(), offer.title),
        "offres": ("/blog/offres/", "Offres d’emploi"),
        "blog": ("/blog/", "Le blog"),
        "page": (PageFactory(title="Le programme").get_absolute_url(), "Le programme"),
        "faq": ("/faq/candidats/", None),
        "appel": (call.get_absolute_url(), call.title),
    }


def test_every_page_has_its_social_card_and_structured_data(client, pages):
    for name, (url, title) in pages.items():
        head = read(client, url)
        meta = head.meta
        assert meta["og:url"] == SITE + url, name
        if title:
            assert meta["og:title"] == title, name
        assert meta["og:title"], name
        assert meta["og:site_name"] == "Entrepreneurs d’intérêt général", name  # the programme's
        assert meta["og:description"], name
        assert meta["og:locale"] == "fr_FR", name
        assert meta["og:type"] in {"website", "article", "profile"}, name
        assert meta["twitter:card"] in {"summary", "summary_large_image"}, name
        assert head.json_ld, name
        for data in head.json_ld if name != "home" else head.json_ld[0]:
            assert data["@context"] == "https://schema.org", name


def test_a_page_without_its_own_description_shows_the_tagline(client, pages):
    meta = read(client, "/blog/").meta

    assert meta["og:description"] == "Un programme de la direction interministérielle du numérique"
    assert "description" not in meta  # no made-up search-engine description
    assert meta["og:type"] == "website"
    assert meta["twitter:card"] == "summary"


def test_any_page_is_a_web_page_of_the_site(client, pages):
    (data,) = read(client, "/blog/offres/").json_ld

    assert data == {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": "Offres d’emploi",
        "url": f"{SITE}/blog/offres/",
        "inLanguage": "fr",
        "isPartOf": {
            "@type": "WebSite",
            "name": "Entrepreneurs d’intérêt général",  # the programme of the fixture
            "url": f"{SITE}/",
        },
        "description": "Les offres d’emploi et de stage ouvertes de l’équipe du programme.",
    }


def test_a_paginated_list_names_its_page_in_its_address(client, post_world):
    post_world(13)

    assert read(client, "/blog/?page=2&utm_source=x").meta["og:url"] == f"{SITE}/blog/?page=2"
    assert read(client, "/blog/?page=1").meta["og:url"] == f"{SITE}/blog/"


def test_the_home_page_describes_the_organisation_and_the_site(client):
    ProgrammeFactory(name="Entrepreneurs d’intérêt général", short_name="EIG")

    ((organisation, website),) = read(client, "/").json_ld

    assert organisation["@type"] == "Organization"
    assert organisation["name"] == "Entrepreneurs d’intérêt général"
    assert organisation["alternateName"] == "EIG"
    assert organisation["url"] == f"{SITE}/"
    assert organisation["parentOrganization"]["name"] == (
        "Direction interministérielle du numérique (DINUM)"
    )
    assert website["@type"] == "WebSite"
    assert website["url"] == f"{SITE}/"
    assert website["inLanguage"] == "fr"


def test_a_post_is_an_article_with_its_image(client):
    post = PostFactory(
        title="Bilan de la promotion",
        author="Soizic Pénicaud",
        description="Ce que la promotion a fait.",
        image=f"https://{IMAGES}/bilan.png",
        language="en",
        published_at=datetime.datetime(2024, 3, 1, 10, 0, tzinfo=datetime.UTC),
    )

    head = read(client, post.get_absolute_url())

    assert head.meta["og:type"] == "article"
    assert head.meta["og:image"] == f"https://{IMAGES}/bilan.png"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["og:locale"] == "en_GB"
    assert head.meta["description"] == "Ce que la promotion a fait."
    (article,) = head.json_ld
    assert article["@type"] == "Article"
    assert article["headline"] == "Bilan de la promotion"
    assert article["datePublished"] == "2024-03-01T11:00:00+01:00"
    assert article["dateModified"] == timezone.localtime(post.updated_at).isoformat("T", "seconds")
    assert article["author"] == [{"@type": "Person", "name": "Soizic Pénicaud"}]
    assert article["image"] == [f"https://{IMAGES}/bilan.png"]
    assert article["description"] == "Ce que la promotion a fait."
    assert article["inLanguage"] == "en"
    assert article["url"] == f"{SITE}{post.get_absolute_url()}"


def test_an_image_from_an_unknown_host_is_not_on_the_card(client):
    post = PostFactory(image="https://tracker.example.com/pixel.png")

    head = read(client, post.get_absolute_url())

    assert "og:image" not in head.meta
    assert head.meta["twitter:card"] == "summary"
    assert "image" not in head.json_ld[0]


def test_an_open_offer_is_a_job_posting(client):
    offer = PostFactory(
        title="Stage : communication du programme",
        slug="offre-stage-communication",
        kind=Post.Kind.JOB,
        body="Vos **missions**.",
        open_until=datetime.date(2099, 6, 30),
        published_at=datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC),
    )

    (posting,) = read(client, offer.get_absolute_url()).json_ld

    assert posting["@type"] == "JobPosting"
    assert posting["title"] == "Stage : communication du programme"
    assert posting["description"] == "<p>Vos <strong>missions</strong>.</p>"
    assert posting["datePosted"] == "2026-03-01T09:00:00+01:00"
    assert posting["validThrough"] == "2099-06-30T23:59:59+02:00"
    assert posting["employmentType"] == "INTERN"
    assert posting["hiringOrganization"]["@type"] == "Organization"
    assert posting["hiringOrganization"]["name"] == (
        "Direction interministérielle du numérique (DINUM)"
    )
    assert posting["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "20 avenue de Ségur",
        "postalCode": "75007",
        "addressLocality": "Paris",
        "addressCountry": "FR",
    }
    assert posting["url"] == f"{SITE}{offer.get_absolute_url()}"


def test_an_offer_without_closing_day_has_no_valid_through(client):
    offer = PostFactory(kind=Post.Kind.JOB, title="Chargé·e de mission")

    (posting,) = read(client, offer.get_absolute_url()).json_ld

    assert posting["@type"] == "JobPosting"
    assert "validThrough" not in posting
    assert "employmentType" not in posting


@pytest.mark.parametrize(
    "attributes",
    [{"filled": True}, {"open_until": datetime.date(2020, 1, 31)}],
)
def test_a_filled_or_closed_offer_is_no_longer_a_job_posting(client, attributes):
    offer = PostFactory(kind=Post.Kind.JOB, **attributes)

    (data,) = read(client, offer.get_absolute_url()).json_ld

    assert data["@type"] == "Article"


def test_json_ld_cannot_close_its_script_element(client):
    post = PostFactory(title='Fin </script><script>alert("x")</script> & <!--')

    response = client.get(post.get_absolute_url())
    page = response.content.decode()
    start = page.index('<script type="application/ld+json">')
    block = page[start : page.index("</script>", start)]

    assert "<" not in block[len('<script type="application/ld+json">') :]
    assert read(client, post.get_absolute_url()).json_ld[0]["headline"] == post.title


def test_a_person_is_a_profile_with_their_photo(client, make_challenge):
    person = make_challenge().roles.first().person
    person.photo = f"https://{IMAGES}/ada.jpg"
    person.save()

    meta = read(client, person.get_absolute_url()).meta

    assert meta["og:type"] == "profile"
    assert meta["og:image"] == f"https://{IMAGES}/ada.jpg"
