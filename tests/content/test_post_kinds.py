"""Kinds of the imported posts: job offers (filled ones by their "[OFFRE POURVUE]" mark),
events and testimonials, from the real sites and from tiny ones."""

import datetime
from collections import Counter

import pytest

from cohorte.content.importers import import_site
from cohorte.content.importers.parts import filled_offer, offer_last_day, post_kind
from cohorte.content.models import Post

pytestmark = pytest.mark.django_db

FILLED_SLUG = "offre-emploi-charge-mission-coordination-accompagnement-eig"


def test_the_jekyll_site_has_offers_events_and_testimonials(jekyll_site):
    import_site(jekyll_site)

    assert Counter(Post.objects.values_list("kind", flat=True)) == {
        "article": 52,
        "testimonial": 10,
        "job": 3,
        "event": 1,
    }
    filled = Post.objects.get(slug=FILLED_SLUG)
    assert (filled.kind, filled.filled) == (Post.Kind.JOB, True)
    assert filled.title.startswith("Rejoignez l'équipe Entrepreneurs d'Intérêt Général")
    # Their texts ask for applications "de préférence avant le 16 décembre": closed since.
    assert dict(
        Post.objects.filter(kind="job", filled=False).values_list("slug", "open_until")
    ) == {
        "offre-stage-2018": datetime.date(2018, 12, 15),
        "offre-stage-2019": datetime.date(2019, 12, 15),
    }
    assert not Post.objects.open_offers().exists()
    assert Post.objects.get(kind="event").slug == "evenement-mip-eig3"
    testimonial = Post.objects.get(slug="pourquoi-devenir-eig-en")
    assert (testimonial.kind, testimonial.language) == (Post.Kind.TESTIMONIAL, "en")


def test_the_hugo_site_keeps_the_filled_offer_filled(jekyll_site, hugo_site):
    import_site(jekyll_site)
    import_site(hugo_site)

    assert Post.objects.get(slug=FILLED_SLUG).filled is True
    assert Post.objects.filter(kind="job").count() == 3
    assert Post.objects.get(slug="retour-experience-defi-brigade-numerique").kind == "testimonial"


def test_a_hugo_post_marked_filled_is_a_filled_offer(make_site):
    site = make_site(
        {
            "config.toml": 'title = "EIG"\n',
            "defis/_index.md": "---\ntitle: Défis\n---\n",
            "blog/recrutement-designer.md": (
                "---\ntitle: '[Offre pourvue] Designer pour le programme'\n"
                "date: 2024-02-01T00:00:00.000Z\ncategories:\n- Recrutement\n---\nTexte.\n"
            ),
        }
    )

    import_site(site)

    post = Post.objects.get()
    assert (post.kind, post.filled, post.title) == (
        Post.Kind.JOB,
        True,
        "Designer pour le programme",
    )


@pytest.mark.parametrize(
    ("slug", "title", "categories", "kind"),
    [
        ("offre-stage", "Stage", [], "job"),
        ("designer", "[OFFRE POURVUE] Designer", [], "job"),
        ("webinaire-eig", "Webinaire", [], "event"),
        ("retour", "[Table-ronde en ligne] Pérenniser", [], "event"),
        ("retour", "Mon année", ["Témoignage"], "testimonial"),
        ("offreur", "Un offreur", ["temoignages"], "article"),
    ],
)
def test_post_kind(slug, title, categories, kind):
    assert post_kind(slug, title, categories) == kind


def test_an_offer_closes_the_eve_of_its_deadline_else_two_months_after_publication():
    published = datetime.datetime(2020, 3, 2, 9, tzinfo=datetime.UTC)
    text = "Envoyez votre candidature de préférence avant le 1er avril 2020."
    assert offer_last_day(text, published) == datetime.date(2020, 3, 31)
    assert offer_last_day("Avant le 31 février 2020.", published) == datetime.date(2020, 5, 1)
    assert offer_last_day("Postulez vite.", published) == datetime.date(2020, 5, 1)
    assert offer_last_day("Postulez vite.", None) is None


def test_filled_offer_strips_the_mark_only():
    assert filled_offer("[OFFRE POURVUE] Rejoignez-nous") == ("Rejoignez-nous", True)
    assert filled_offer("Rejoignez-nous [offre pourvue]") == (
        "Rejoignez-nous [offre pourvue]",
        False,
    )
    # A title that is only the mark keeps it: a post always has a title.
    assert filled_offer("[OFFRE POURVUE]") == ("[OFFRE POURVUE]", True)
