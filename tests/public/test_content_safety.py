"""Stored content never runs a script on the site, and a missing image never breaks a page."""

import pytest

from cohorte.challenges.models import ChallengeLink
from tests.factories import (
    AchievementFactory,
    ChallengeFactory,
    CohortFactory,
    FaqEntryFactory,
    PageFactory,
    PersonFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = (
    "Avant <script>alert('x')</script>\n\n"
    '<img src="/media/x.png" onerror="alert(1)">\n\n'
    '[clic](javascript:alert(2)) et <a href="javascript:alert(3)">lien</a>\n\n'
    '<p onclick="alert(4)">Après</p>'
)


def assert_harmless(page: str):
    assert "<script>alert" not in page
    assert "onerror" not in page
    assert "onclick" not in page
    assert "javascript:" not in page
    assert "Avant" in page
    assert "Après" in page


@pytest.mark.parametrize(
    "make_url",
    [
        lambda: ChallengeFactory(body=HOSTILE).get_absolute_url(),
        lambda: PersonFactory(bio=HOSTILE).get_absolute_url(),
        lambda: PostFactory(body=HOSTILE).get_absolute_url(),
        lambda: PageFactory(body=HOSTILE).get_absolute_url(),
        lambda: CohortFactory(description=HOSTILE).get_absolute_url(),
        lambda: AchievementFactory(description=HOSTILE).challenge.get_absolute_url(),
        lambda: FaqEntryFactory(answer=HOSTILE) and "/faq/candidats/",
    ],
    ids=["challenge", "person", "post", "page", "cohort", "achievement", "faq"],
)
def test_markdown_is_sanitised_everywhere(client, make_url):
    assert_harmless(client.get(make_url()).content.decode())


def test_stored_urls_are_not_trusted(client):
    challenge = ChallengeFactory(startup_url="javascript:alert(1)")
    AchievementFactory(challenge=challenge, url="javascript:alert(2)", title="Réalisation")
    ChallengeLink.objects.create(
        challenge=challenge, kind=ChallengeLink.Kind.CODE, url="javascript:alert(3)", label="Code"
    )

    page = client.get(challenge.get_absolute_url()).content.decode()

    assert "javascript:" not in page
    assert "Réalisation" in page
    assert "<li>Code <span" in page  # shown, not linked


def test_missing_images_show_the_placeholder_on_cards_and_nothing_on_pages(client):
    challenge = ChallengeFactory(image="img/absente.png")
    person = PersonFactory(photo="/media/personnes/absente.jpg")
    post = PostFactory(image="img/absente.png")

    catalogue = client.get("/defis/").content.decode()
    challenge_page = client.get(challenge.get_absolute_url()).content.decode()
    person_page = client.get(person.get_absolute_url()).content.decode()
    post_page = client.get(post.get_absolute_url()).content.decode()

    assert 'src="/static/img/placeholder.svg" alt=""' in catalogue
    for page in [challenge_page, person_page, post_page]:
        assert "absente" not in page
        assert "<img" not in page.split('id="contenu"')[1].split('id="pied-de-page"')[0]


def test_existing_images_are_shown_as_decorative(client, settings):
    image = settings.MEDIA_ROOT / "img" / "logo.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    challenge = ChallengeFactory(image="img/logo.png")
    person = PersonFactory(photo="/media/img/logo.png")

    assert '<img class="fr-responsive-img fr-mb-4w" src="/media/img/logo.png" alt="">' in (
        client.get(challenge.get_absolute_url()).content.decode()
    )
    assert (
        'src="/media/img/logo.png" alt=""' in client.get(person.get_absolute_url()).content.decode()
    )
    assert 'src="/media/img/logo.png" alt=""' in client.get("/defis/").content.decode()


def test_missing_image_inside_markdown_becomes_the_placeholder(client):
    post = PostFactory(body="![Schéma](/media/schema-absent.png)")

    page = client.get(post.get_absolute_url()).content.decode()

    assert '<img alt="Schéma" src="/static/img/placeholder.svg">' in page


def test_a_tracking_pixel_in_a_defi_is_a_link_not_an_image(client):
    # A défi's body comes from the administration's proposal: it may name any image.
    challenge = ChallengeFactory(body="Notre équipe ![Photo](https://pixel.example/p.gif?id=7)")

    page = client.get(challenge.get_absolute_url()).content.decode()

    assert 'src="https://pixel.example' not in page
    assert (
        '<a href="https://pixel.example/p.gif?id=7" rel="noopener noreferrer">Photo '
        "(image sur pixel.example)</a>"
    ) in page
