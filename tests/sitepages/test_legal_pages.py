"""The legal pages: the programme's words (EIG's kept), generic ones for a new programme until
its team writes them, Cohorte's own parts around them."""

import pytest
from django.test import Client
from django.urls import reverse

from cohorte.content.models import Page
from cohorte.programmes import identity
from cohorte.sitepages.legal import LEGAL_PAGES, generic_page
from tests.factories import PageFactory, ProgrammeFactory, eig_legal_pages

from .conftest import text

pytestmark = pytest.mark.django_db
URLS = {"mentions-legales": "/mentions-legales/", "donnees-personnelles": "/donnees-personnelles/"}
URLS["accessibilite"] = "/accessibilite/"


@pytest.fixture
def talents(db):
    """A new instance of another programme, whose team has written nothing yet."""
    ProgrammeFactory(
        slug="talents",
        name="Talents du numérique",
        short_name="TDN",
        operator="le ministère X",
        operator_legal_name="Ministère X",
        operator_address="1 rue de l’Exemple\n75015 Paris",
        contact_email="talents@x.gouv.fr",
        fellow_singular="talent",
        fellow_plural="talents",
    )
    identity.forget()
    yield
    identity.forget()


def test_the_eig_instance_shows_its_words_as_before(client):
    ProgrammeFactory()
    eig_legal_pages()

    notice = text(client.get("/mentions-legales/"))
    privacy = text(client.get("/donnees-personnelles/"))
    statement = text(client.get("/accessibilite/"))

    assert "<h1>Mentions légales</h1>" in notice
    assert (
        "Le site du programme Entrepreneurs d'intérêt général est édité par la direction "
        "interministérielle du numérique (DINUM), 20 avenue de Ségur, 75007 Paris." in notice
    )
    assert (
        '<a href="mailto:eig@beta.gouv.fr" rel="noopener noreferrer">eig@beta.gouv.fr</a>' in notice
    )
    assert "Licence Ouverte 2.0" in notice and "<h2>Liens vers ce site</h2>" in notice
    # Cohorte's parts, after the programme's words.
    assert notice.index("<h2>Éditeur</h2>") < notice.index("<h2>Hébergement</h2>")
    assert "AGPL-3.0-or-later" in notice
    assert (
        "<h2>Responsable du traitement</h2> <p>La direction interministérielle du numérique "
        "(DINUM), qui pilote le programme.</p>" in privacy
    )
    assert "sélectionner les EIG de la promotion" in privacy
    assert (
        "<h1>Déclaration d’accessibilité</h1> <p>La direction interministérielle du numérique "
        "(DINUM) s’engage" in statement
    )
    assert "<strong>totalement conforme</strong>" in statement


def test_a_new_programme_shows_generic_words_never_eig(client, talents):
    pages = {slug: text(client.get(url)) for slug, url in URLS.items()}

    for slug, page in pages.items():
        assert "DINUM" not in page, slug
        assert "Entrepreneurs d" not in page, slug
        assert "eig@beta.gouv.fr" not in page, slug
        assert "Ségur" not in page, slug
    assert (
        "Le site du programme Talents du numérique est édité par Ministère X, "
        "1 rue de l’Exemple, 75015 Paris." in pages["mentions-legales"]
    )
    assert 'href="mailto:talents@x.gouv.fr"' in pages["mentions-legales"]
    assert "<h2>Hébergement</h2>" in pages["mentions-legales"]
    assert (
        "Ministère X, qui pilote le programme Talents du numérique."
        in pages["donnees-personnelles"]
    )
    assert "sélectionner les talents de la promotion" in pages["donnees-personnelles"]
    assert "<p>Ministère X s’engage à rendre ses sites internet" in pages["accessibilite"]
    assert "<strong>totalement conforme</strong>" in pages["accessibilite"]


def test_the_generic_words_fall_back_on_the_operator_then_the_name(talents):
    from cohorte.programmes.models import Programme

    Programme.objects.filter(slug="talents").update(
        operator_legal_name="", operator="", operator_address=""
    )
    identity.forget()

    page = generic_page("mentions-legales")

    assert (
        "Le site du programme Talents du numérique est édité par Talents du numérique." in page.body
    )
    assert page.pk is None and page.title == "Mentions légales"


def test_a_legal_page_is_read_at_its_own_address(client):
    eig_legal_pages()

    for slug, url in URLS.items():
        response = client.get(reverse("public:page_detail", args=[slug]))
        assert (response.status_code, response.url) == (301, url)


def test_the_sitemap_lists_the_legal_pages_once(client):
    eig_legal_pages()
    PageFactory(slug="nous-rejoindre")

    sitemap = client.get("/sitemap.xml").content.decode()

    assert "/pages/nous-rejoindre/" in sitemap
    for slug, url in URLS.items():
        assert f"/pages/{slug}/" not in sitemap
        assert sitemap.count(f"{url}</loc>") == 1


def test_each_legal_page_has_its_public_address():
    assert {reverse(info.url_name) for info in LEGAL_PAGES.values()} == set(URLS.values())


def test_the_migration_gives_the_eig_instance_its_words():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("cohorte.content.migrations.0004_eig_legal_pages")
    migration.eig_keeps_its_legal_words(apps, None)
    assert Page.objects.count() == 0  # no EIG programme: a new instance stays generic

    ProgrammeFactory()
    PageFactory(slug="accessibilite", title="Accessibilité", body="Le texte de l’équipe.")
    migration.eig_keeps_its_legal_words(apps, None)

    from cohorte.sitepages.eig_texts import EIG_LEGAL_PAGES

    pages = {page.slug: page for page in Page.objects.all()}
    assert pages["mentions-legales"].body == EIG_LEGAL_PAGES["mentions-legales"][1]
    assert pages["donnees-personnelles"].title == "Données personnelles"
    assert pages["accessibilite"].body == "Le texte de l’équipe."  # the team's page is kept
    anonymous = Client()
    assert "20 avenue de Ségur" in text(anonymous.get("/mentions-legales/"))
