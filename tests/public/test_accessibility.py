"""Structural accessibility (RGAA) of every public page; axe-core runs in the browser tests."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.core.cache import cache

from cohorte.content.models import FaqEntry, Post
from tests.factories import (
    CallFactory,
    FaqEntryFactory,
    PageFactory,
    PostFactory,
    ProgrammeFactory,
    ProjectCallFactory,
)

pytestmark = pytest.mark.django_db

FIELD_TAGS = {"input", "select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button"}


class Structure(HTMLParser):
    """The facts about a page that the checks below need."""

    def __init__(self):
        super().__init__()
        self.tags = Counter()
        self.html_lang = None
        self.headings = []
        self.ids = Counter()
        self.label_targets = set()
        self.fields = []
        self.images = []
        self.hrefs = []
        self.current_nav = []
        self._in_nav_link = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags[tag] += 1
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])
        if tag in FIELD_TAGS and attributes.get("type") not in UNLABELLED_INPUT_TYPES:
            self.fields.append(attributes)
        if tag == "img":
            self.images.append(attributes)
        if tag == "a":
            self.hrefs.append(attributes.get("href"))
            if "fr-nav__link" in (attributes.get("class") or "") and attributes.get("aria-current"):
                self.current_nav.append(attributes["href"])


@pytest.fixture
def site(make_challenge, person_world):
    """A site with content in every section."""
    ProgrammeFactory(description="Le programme.")
    challenge = make_challenge()
    person = challenge.roles.first().person
    person_world(2)
    post = PostFactory(body="## Titre\n\nTexte.")
    offer = PostFactory(kind=Post.Kind.JOB, body="## Missions\n\nTexte.")
    filled = PostFactory(kind=Post.Kind.JOB, filled=True)
    page = PageFactory()
    FaqEntryFactory(section="Candidater")
    FaqEntryFactory(audience=FaqEntry.Audience.ADMINISTRATIONS)
    call = CallFactory()
    call.challenges.add(challenge)  # the défi's page says it recruits
    projects = ProjectCallFactory()
    from cohorte.campaigns.models import ShareKit

    ShareKit.objects.create(call=call, short_text="Relayez l’appel.")
    return {
        "/": "/",
        "/defis/": "/defis/",
        "défi": challenge.get_absolute_url(),
        "/personnes/": "/personnes/",
        "personne": person.get_absolute_url(),
        "/promotions/": "/promotions/",
        "promotion": challenge.cohort.get_absolute_url(),
        "/blog/": "/blog/",
        "article": post.get_absolute_url(),
        "/blog/offres/": "/blog/offres/",
        "offre": offer.get_absolute_url(),
        "offre pourvue": filled.get_absolute_url(),
        "page": page.get_absolute_url(),
        "/faq/candidats/": "/faq/candidats/",
        "/faq/administrations/": "/faq/administrations/",
        "/accessibilite/": "/accessibilite/",
        "/mentions-legales/": "/mentions-legales/",
        "/donnees-personnelles/": "/donnees-personnelles/",
        "/plan-du-site/": "/plan-du-site/",
        "/donnees/": "/donnees/",
        "/api/v1/docs": "/api/v1/docs",
        "/lettre/": "/lettre/",
        "/appels/": "/appels/",
        "appel à candidatures": call.get_absolute_url(),
        "appel à projets": projects.get_absolute_url(),
        "kit de diffusion": f"{call.get_absolute_url()}kit/",
        "404": "/introuvable/",
    }


def parse(client, url) -> Structure:
    cache.clear()
    response = client.get(url)
    assert response.status_code in (200, 404)
    structure = Structure()
    structure.feed(response.content.decode())
    return structure


def test_every_page_has_the_structure_assistive_technologies_rely_on(client, site):
    for name, url in site.items():
        page = parse(client, url)
        where = f"{name} ({url})"
        assert page.html_lang == "fr", where
        assert page.tags["h1"] == 1, where
        assert page.tags["header"] == 1, where
        assert page.tags["main"] == 1, where
        assert page.tags["footer"] == 1, where
        assert page.tags["nav"] >= 2, where  # skip links and main menu
        for target in ["contenu", "navigation-principale", "pied-de-page"]:
            assert f"#{target}" in page.hrefs, where
            assert page.ids[target] == 1, where
        duplicates = [id_ for id_, count in page.ids.items() if count > 1]
        assert duplicates == [], where
        assert all("alt" in image for image in page.images), where
        unlabelled = [
            field.get("id")
            for field in page.fields
            if field.get("id") not in page.label_targets and not field.get("aria-label")
        ]
        assert unlabelled == [], where
        # Heading levels never skip one on the way down.
        for previous, current in zip(page.headings, page.headings[1:], strict=False):
            assert current <= previous + 1, (where, page.headings)


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/", "/"),
        ("/defis/", "/defis/"),
        ("/personnes/", "/personnes/"),
        ("/promotions/", "/promotions/"),
        ("/blog/", "/blog/"),
        ("/appels/", "/appels/"),
    ],
)
def test_the_current_section_is_marked_in_the_menu(client, url, current):
    assert parse(client, url).current_nav == [current]


def test_a_page_inside_a_section_marks_the_section(client, make_challenge):
    challenge = make_challenge()

    page = client.get(challenge.get_absolute_url()).content.decode()

    assert '<a class="fr-nav__link" href="/defis/" aria-current="true">Défis</a>' in page


def test_a_call_page_marks_the_calls_section(client):
    call = CallFactory(title="Appel à candidatures EIG 10")

    page = client.get(call.get_absolute_url()).content.decode()

    assert '<a class="fr-nav__link" href="/appels/" aria-current="true">Appels</a>' in page
