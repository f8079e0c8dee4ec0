"""The team writes the site's pages in /gestion/pages/: a free page, the legal pages; audit,
preview, bad input, and the public page showing the change at once."""

import pytest
from django.test import Client
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.content.models import Page
from tests.factories import PageFactory, ProgrammeFactory, eig_legal_pages

from .conftest import text

pytestmark = pytest.mark.django_db
NEW = reverse("sitepages:page_new")
PREVIEW = reverse("sitepages:page_preview")
NO_TITLE = "Indiquez le titre de la page."
BAD_SLUG = (
    "L’identifiant ne peut contenir que des lettres minuscules sans accent, des chiffres et des "
    "tirets (par exemple « nous-rejoindre »)."
)


def state() -> tuple:
    """What a refused form must leave unchanged."""
    return (
        list(Page.objects.order_by("pk").values_list("pk", "slug", "title", "description", "body")),
        ActivityLog.objects.count(),
    )


def entries(action: str) -> list:
    return list(ActivityLog.objects.filter(action=action).order_by("pk"))


def legal_url(slug: str) -> str:
    return reverse("sitepages:legal_edit", args=[slug])


def test_the_list_shows_the_legal_and_the_free_pages(team_client):
    eig_legal_pages()
    PageFactory(title="Nous rejoindre", slug="nous-rejoindre")

    page = text(team_client.get(reverse("sitepages:page_list")))

    assert "<h1>Pages du site</h1>" in page
    for slug, title in [
        ("mentions-legales", "Mentions légales"),
        ("donnees-personnelles", "Données personnelles"),
        ("accessibilite", "Déclaration d’accessibilité"),
    ]:
        assert f'<a href="{legal_url(slug)}">{title}</a>' in page
    assert page.count("écrit par l’équipe") == 3
    free = Page.objects.get(slug="nous-rejoindre")
    assert f'<a href="{reverse("sitepages:page_edit", args=[free.pk])}">Nous rejoindre</a>' in page
    # The legal pages are listed once, as legal pages.
    assert page.count("/pages/mentions-legales/") == 0


def test_a_new_programme_lists_its_legal_pages_as_generic(team_client):
    page = text(team_client.get(reverse("sitepages:page_list")))

    assert page.count("texte générique") == 3
    assert "Aucune page libre pour l’instant." in page


def test_the_team_creates_a_free_page(team_client):
    response = team_client.post(
        NEW,
        {"title": "Nous rejoindre", "slug": "", "description": "Les postes.", "body": "**Venez**"},
    )

    page = Page.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("sitepages:page_edit", args=[page.pk])
    assert (page.slug, page.description, page.body) == (
        "nous-rejoindre",
        "Les postes.",
        "**Venez**",
    )
    [entry] = entries("content.page_created")
    assert entry.actor == team_client.user
    assert entry.object_id == str(page.pk)
    assert entry.data == {"slug": "nous-rejoindre", "title": "Nous rejoindre"}
    public = text(Client().get("/pages/nous-rejoindre/"))
    assert "<h1>Nous rejoindre</h1>" in public and "<strong>Venez</strong>" in public


def test_a_slug_chosen_by_the_team(team_client):
    team_client.post(NEW, {"title": "Recrutement", "slug": "postes-2027", "body": "Texte"})

    assert Page.objects.get().slug == "postes-2027"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "", "slug": "vide", "body": "Texte"}, "title", NO_TITLE),
        ({"title": "Essai", "slug": "Avec Espaces", "body": ""}, "slug", BAD_SLUG),
        ({"title": "Essai", "slug": "été", "body": ""}, "slug", BAD_SLUG),
        ({"title": "Essai", "slug": "fin-", "body": ""}, "slug", BAD_SLUG),
        (
            {"title": "Essai", "slug": "programme", "body": ""},
            "slug",
            "Une page porte déjà l’identifiant « programme » : choisissez-en un autre.",
        ),
        (
            {"title": "Programme", "slug": "", "body": ""},
            "slug",
            "Une page porte déjà l’identifiant « programme » : choisissez-en un autre.",
        ),
        (
            {"title": "« ! »", "slug": "", "body": ""},
            "slug",
            "Le titre ne donne pas d’identifiant : choisissez-en un.",
        ),
        ({"title": "", "slug": "", "body": "Texte"}, "title", NO_TITLE),
        (
            {"title": "Essai", "slug": "mentions-legales", "body": ""},
            "slug",
            "« mentions-legales » est l’identifiant d’une page légale : choisissez-en un autre.",
        ),
    ],
)
def test_bad_input_is_refused_with_its_message(team_client, data, field, message):
    PageFactory(title="Le programme", slug="programme")
    before = state()

    response = team_client.post(NEW, data)

    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert message in text(response)
    assert "Rien n’a été enregistré : des points sont à corriger." in text(response)
    assert state() == before


def test_editing_a_free_page_audits_the_changed_fields(team_client):
    page = PageFactory(title="Le programme", slug="programme", body="Avant.")
    url = reverse("sitepages:page_edit", args=[page.pk])
    assert "/pages/programme/" in text(team_client.get(url))

    response = team_client.post(url, {"title": "Le programme", "description": "", "body": "Après."})

    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.slug, page.body) == ("programme", "Après.")
    [entry] = entries("content.page_updated")
    assert entry.data == {"slug": "programme", "title": "Le programme", "fields": ["body"]}
    assert entry.actor == team_client.user


def test_saving_a_page_unchanged_journals_nothing(team_client):
    page = PageFactory(title="Le programme", slug="programme", description="", body="Avant.")
    before = state()
    data = {"title": "Le programme", "description": "", "body": "Avant."}

    response = team_client.post(reverse("sitepages:page_edit", args=[page.pk]), data, follow=True)

    assert "Rien n’a changé." in text(response)
    assert state() == before


def test_an_empty_title_leaves_a_page_unchanged(team_client):
    page = PageFactory(title="Le programme", slug="programme", body="Avant.")
    before = state()

    response = team_client.post(
        reverse("sitepages:page_edit", args=[page.pk]), {"title": " ", "body": "Après."}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["title"] == [NO_TITLE]
    assert state() == before


def test_a_script_in_the_markdown_is_removed(team_client):
    page = PageFactory(title="Le programme", slug="programme")
    body = (
        'Texte <script>alert("x")</script> [lien](javascript:alert(1)) <img src=x onerror=alert(1)>'
    )

    team_client.post(reverse("sitepages:page_edit", args=[page.pk]), {"title": "T", "body": body})
    public = Client().get("/pages/programme/").content.decode()
    preview = team_client.post(
        PREVIEW, {"title": "T", "body": body}, headers={"HX-Request": "true"}
    )

    for html in (public, preview.content.decode()):
        assert "<p>Texte" in html
        assert "<script>alert" not in html and "javascript:" not in html and "onerror" not in html


# The public cache is bumped when a change commits: these tests commit theirs.
@pytest.mark.django_db(transaction=True)
def test_the_team_rewrites_the_legal_notice_and_visitors_see_it_at_once(team_client):
    ProgrammeFactory()
    eig_legal_pages()
    visitor = Client()
    assert "20 avenue de Ségur" in text(visitor.get("/mentions-legales/"))  # now in the cache
    notice = Page.objects.get(slug="mentions-legales")

    response = team_client.post(
        legal_url("mentions-legales"),
        {
            "title": "Mentions légales",
            "description": "Qui publie ce site.",
            "body": "## Éditeur\n\nLe ministère Y, 3 place Z, 75001 Paris.",
            "slug": "pirate",  # not a field of a legal page: ignored
        },
    )

    assert response.status_code == 302 and response.url == legal_url("mentions-legales")
    page = text(visitor.get("/mentions-legales/"))
    assert "Le ministère Y, 3 place Z, 75001 Paris." in page and "Ségur" not in page
    assert '<p class="fr-text--lead">Qui publie ce site.</p>' in page
    assert "<h2>Hébergement</h2>" in page  # Cohorte's part stays
    notice.refresh_from_db()
    assert notice.slug == "mentions-legales"
    [entry] = entries("content.page_updated")
    assert entry.data["fields"] == ["description", "body"]
    assert entry.object_id == str(notice.pk)


def test_a_generic_legal_page_is_saved_as_the_programme_s_own(team_client):
    ProgrammeFactory(slug="talents", name="Talents du numérique", operator_legal_name="Ministère X")
    url = legal_url("donnees-personnelles")
    form = text(team_client.get(url))
    assert "Ministère X, qui pilote le programme Talents du numérique." in form
    assert "texte générique" in form
    assert '<p class="fr-h1">Données personnelles</p>' in form  # the preview of the page now

    team_client.post(url, {"title": "Données personnelles", "body": "## Responsable\n\nLe DPO."})

    page = Page.objects.get()
    assert (page.slug, page.title) == ("donnees-personnelles", "Données personnelles")
    [entry] = entries("content.page_created")
    assert entry.data == {"slug": "donnees-personnelles", "title": "Données personnelles"}
    assert "Le DPO." in text(Client().get("/donnees-personnelles/"))


def test_only_the_three_legal_pages_have_a_legal_editor(team_client):
    assert team_client.get(legal_url("programme")).status_code == 404


def test_a_legal_page_row_opens_in_the_legal_editor(team_client):
    [notice, *_others] = eig_legal_pages()

    response = team_client.get(reverse("sitepages:page_edit", args=[notice.pk]))

    assert (response.status_code, response.url) == (302, legal_url("mentions-legales"))


def test_the_live_preview_renders_the_page_region(team_client):
    response = team_client.post(
        PREVIEW,
        {"title": "Essai", "description": "Résumé", "body": "Un *texte*"},
        headers={"HX-Request": "true"},
    )

    html = text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert '<p class="fr-h1">Essai</p>' in html and "<em>texte</em>" in html


def test_the_preview_without_javascript_keeps_the_form_and_saves_nothing(team_client):
    page = PageFactory(title="Le programme", slug="programme", body="Avant.")
    before = state()

    response = team_client.post(
        PREVIEW + f"?page={page.pk}", {"title": "Nouveau titre", "body": "Un *texte*"}
    )

    html = text(response)
    assert response.status_code == 200
    assert "<h1>Modifier la page</h1>" in html
    assert 'value="Nouveau titre"' in html and "<em>texte</em>" in html
    assert f'action="{reverse("sitepages:page_edit", args=[page.pk])}"' in html
    assert state() == before


def test_the_preview_of_a_legal_page_without_javascript(team_client):
    response = team_client.post(
        PREVIEW + "?legale=accessibilite", {"title": "Accessibilité", "body": "Engagement."}
    )

    html = text(response)
    assert f'action="{legal_url("accessibilite")}"' in html
    assert "<p>Engagement.</p>" in html
    assert Page.objects.count() == 0
