"""Job offers: open until their last day (Paris time), filled, closed; /blog/offres/, the blog's
kind filter and what a closed offer's page says."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from cohorte.content.models import Post
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

OFFERS_URL = "/blog/offres/"
# 10 March 2026, 23:58 in Paris (UTC+1), then 00:00:01 on the 11th: two minutes apart.
LAST_MINUTE = datetime.datetime(2026, 3, 10, 22, 58, tzinfo=datetime.UTC)
NEXT_DAY = datetime.datetime(2026, 3, 10, 23, 0, 1, tzinfo=datetime.UTC)


def ago(hours: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


def titles(response) -> list[str]:
    return [post.title for post in response.context["page_obj"].object_list]


@pytest.fixture
def offers():
    today = timezone.localdate()
    return {
        "article": PostFactory(title="Un article", published_at=ago(1)),
        "open": PostFactory(
            title="Offre ouverte", kind=Post.Kind.JOB, open_until=today, published_at=ago(2)
        ),
        "no_limit": PostFactory(title="Offre sans date", kind=Post.Kind.JOB, published_at=ago(3)),
        "filled": PostFactory(
            title="Offre pourvue", kind=Post.Kind.JOB, filled=True, published_at=ago(4)
        ),
        "expired": PostFactory(
            title="Offre expirée",
            kind=Post.Kind.JOB,
            open_until=today - datetime.timedelta(days=1),
            published_at=ago(5),
        ),
        "event": PostFactory(title="Table ronde", kind=Post.Kind.EVENT, published_at=ago(6)),
    }


# The state of an offer


@pytest.mark.parametrize(
    ("moment", "state"),
    [(LAST_MINUTE, Post.OfferState.OPEN), (NEXT_DAY, Post.OfferState.CLOSED)],
)
def test_an_offer_is_open_through_its_last_day_in_paris_time(moment, state):
    offer = PostFactory(kind=Post.Kind.JOB, open_until=datetime.date(2026, 3, 10))

    with time_machine.travel(moment, tick=False):
        assert offer.offer_state() == state
        assert list(Post.objects.open_offers()) == ([offer] if state == "open" else [])
        assert list(Post.objects.listed()) == ([offer] if state == "open" else [])


def test_a_filled_offer_is_filled_whatever_its_date():
    offer = PostFactory(kind=Post.Kind.JOB, filled=True, open_until=datetime.date(2099, 1, 1))

    assert offer.offer_state() == Post.OfferState.FILLED
    assert list(Post.objects.open_offers()) == []


def test_only_job_offers_have_a_state():
    assert PostFactory(open_until=datetime.date(2000, 1, 1)).offer_state() is None
    assert list(Post.objects.listed()) != []  # an article's date means nothing


# Lists


def test_the_blog_leaves_out_filled_and_closed_offers(client, offers):
    response = client.get("/blog/")

    assert titles(response) == ["Un article", "Offre ouverte", "Offre sans date", "Table ronde"]


def test_the_offers_list_has_the_open_offers_only(client, offers):
    response = client.get(OFFERS_URL)

    assert response.status_code == 200
    assert titles(response) == ["Offre ouverte", "Offre sans date"]
    page = response.content.decode()
    assert "<h1>Offres d’emploi</h1>" in page
    assert "2 offres ouvertes" in page
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Flux Atom des offres d’emploi" href="/blog/feed/job/">'
    ) in page


def test_the_offers_list_says_when_there_is_none(client):
    PostFactory(kind=Post.Kind.JOB, filled=True)

    page = client.get(OFFERS_URL).content.decode()

    assert "Aucune offre ouverte pour l’instant." in page


def test_the_offers_list_has_a_constant_number_of_queries(count_queries):
    for _ in range(2):
        PostFactory(kind=Post.Kind.JOB).categories.add(CategoryFactory())
    _response, small = count_queries(OFFERS_URL)
    for _ in range(10):
        PostFactory(kind=Post.Kind.JOB).categories.add(CategoryFactory())
    _response, large = count_queries(OFFERS_URL)

    assert small == large


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("job", ["Offre ouverte", "Offre sans date"]),
        ("event", ["Table ronde"]),
        ("article", ["Un article"]),
        ("press", []),
    ],
)
def test_the_blog_filters_by_kind(client, offers, kind, expected):
    response = client.get("/blog/", {"type": kind})

    assert titles(response) == expected
    page = response.content.decode()
    assert f'href="/blog/?type={kind}" aria-current="page">' in page
    assert 'type="application/atom+xml" title="Flux Atom : ' in page
    assert f'href="/blog/feed/{kind}/">' in page


def test_an_unknown_kind_filters_nothing(client, offers):
    response = client.get("/blog/", {"type": "inconnu"})

    assert len(titles(response)) == 4
    assert 'href="/blog/" aria-current="page">Tous</a>' in response.content.decode()


def test_kind_and_category_combine(client, offers):
    recruiting = CategoryFactory(name="Recrutement", slug="recrutement")
    offers["open"].categories.add(recruiting)
    offers["article"].categories.add(recruiting)

    response = client.get("/blog/", {"type": "job", "categorie": "recrutement"})

    assert titles(response) == ["Offre ouverte"]
    page = response.content.decode()
    assert 'href="/blog/?categorie=recrutement&amp;type=job" aria-current="page">' in page
    assert 'href="/blog/categorie/recrutement/feed/">' in page


def test_an_unknown_category_has_no_feed_link(client, offers):
    page = client.get("/blog/", {"categorie": "inconnue"}).content.decode()

    assert "/blog/categorie/inconnue/feed/" not in page


def test_an_offer_leaves_the_lists_at_midnight_paris_time_even_when_cached(client):
    PostFactory(
        title="Offre",
        kind=Post.Kind.JOB,
        open_until=datetime.date(2026, 3, 10),
        published_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )

    with time_machine.travel(LAST_MINUTE, tick=False):
        assert titles(client.get(OFFERS_URL)) == ["Offre"]
        assert titles(client.get("/blog/")) == ["Offre"]
        assert "Offre" in client.get("/").content.decode()
    with time_machine.travel(NEXT_DAY, tick=False):
        assert titles(client.get(OFFERS_URL)) == []
        assert titles(client.get("/blog/")) == []


# The page of an offer


def test_a_filled_offer_says_offre_pourvue(client, offers):
    page = client.get(offers["filled"].get_absolute_url()).content.decode()

    assert "<strong>Offre pourvue</strong>" in page
    assert ">poste pourvu</p>" in page
    assert 'href="/blog/offres/">Voir les offres ouvertes</a>' in page


def test_an_expired_offer_says_offre_close(client):
    offer = PostFactory(
        kind=Post.Kind.JOB,
        open_until=datetime.date(2026, 3, 10),
        published_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )

    with time_machine.travel(NEXT_DAY, tick=False):
        page = client.get(offer.get_absolute_url()).content.decode()

    assert "<strong>Offre close</strong>" in page
    assert "Les candidatures étaient ouvertes jusqu’au 10 mars 2026" in page
    assert ">offre close</p>" in page
    assert "Offre pourvue" not in page


def test_an_open_offer_says_until_when(client):
    offer = PostFactory(
        kind=Post.Kind.JOB,
        open_until=datetime.date(2026, 3, 10),
        published_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )

    with time_machine.travel(LAST_MINUTE, tick=False):
        page = client.get(offer.get_absolute_url()).content.decode()
    with time_machine.travel(NEXT_DAY, tick=False):
        # The page rendered on the last day was cached until midnight only.
        later = client.get(offer.get_absolute_url()).content.decode()

    assert "Candidatures ouvertes jusqu’au 10 mars 2026 inclus" in page
    assert "Offre close" not in page
    assert "<strong>Offre close</strong>" in later


def test_an_offer_page_is_in_the_offers_breadcrumb(client, offers):
    page = client.get(offers["open"].get_absolute_url()).content.decode()

    assert '<a class="fr-breadcrumb__link" href="/blog/offres/">Offres d’emploi</a>' in page
