"""Editorial pages, the two FAQs and the legal pages."""

import pytest
from django.urls import reverse
from django.utils import translation

from cohorte.content.models import FaqEntry
from tests.factories import FaqEntryFactory, PageFactory

pytestmark = pytest.mark.django_db


def test_page_shows_title_summary_and_body(client):
    page = PageFactory(title="Le programme", description="En bref.", body="Du **contenu**.")

    content = client.get(page.get_absolute_url()).content.decode()

    assert "<h1>Le programme</h1>" in content
    assert "En bref." in content
    assert "<strong>contenu</strong>" in content


def test_unknown_page_is_404(client):
    assert client.get("/pages/inconnue/").status_code == 404


def test_candidates_faq_groups_questions_by_section_in_order(client):
    FaqEntryFactory(question="Qui peut candidater ?", section="Éligibilité", order=1)
    FaqEntryFactory(question="Quel salaire ?", section="Contrat", order=2)
    FaqEntryFactory(question="Faut-il être Français ?", section="Éligibilité", order=3)
    FaqEntryFactory(
        question="Comment proposer un défi ?", audience=FaqEntry.Audience.ADMINISTRATIONS
    )

    response = client.get(reverse("public:faq_candidates"))

    sections = [
        (section, [entry.question for entry in entries])
        for section, entries in response.context["sections"]
    ]
    assert sections == [
        ("Éligibilité", ["Qui peut candidater ?", "Faut-il être Français ?"]),
        ("Contrat", ["Quel salaire ?"]),
    ]
    page = response.content.decode()
    assert '<h2 class="fr-mt-5w">Éligibilité</h2>' in page
    assert '<h3 class="fr-accordion__title">' in page
    assert "Comment proposer un défi ?" not in page


def test_faq_without_sections_uses_h2_questions(client):
    entry = FaqEntryFactory(
        audience=FaqEntry.Audience.ADMINISTRATIONS, question="Combien ça coûte ?", answer="**Peu**."
    )

    page = client.get(reverse("public:faq_administrations")).content.decode()

    assert '<h2 class="fr-accordion__title">' in page
    assert f'aria-controls="faq-{entry.pk}"' in page
    assert f'id="faq-{entry.pk}"' in page
    assert "<strong>Peu</strong>" in page


def test_faq_shows_the_visitors_language_or_french(client, settings):
    settings.LANGUAGES = [("fr", "Français"), ("en", "English")]
    FaqEntryFactory(question="Qui peut candidater ?", language="fr")
    FaqEntryFactory(question="Who can apply?", language="en")

    french = client.get(reverse("public:faq_candidates")).content.decode()
    with translation.override("en"):
        english = client.get(
            reverse("public:faq_candidates"), headers={"accept-language": "en"}
        ).content.decode()

    assert "Qui peut candidater ?" in french
    assert "Who can apply?" not in french
    assert "Who can apply?" in english
    assert "Qui peut candidater ?" not in english


def test_faq_is_french_while_the_site_does_not_speak_the_visitors_language(client):
    FaqEntryFactory(question="Qui peut candidater ?", language="fr")
    FaqEntryFactory(question="Who can apply?", language="en")

    page = client.get(
        reverse("public:faq_candidates"), headers={"accept-language": "en"}
    ).content.decode()

    assert "Qui peut candidater ?" in page
    assert "Who can apply?" not in page


@pytest.mark.parametrize(
    ("name", "heading", "texts"),
    [
        (
            "public:accessibility",
            "Déclaration d’accessibilité",
            ["totalement conforme", "Défenseur des droits", "RGAA", "mailto:"],
        ),
        (
            "public:legal_notice",
            "Mentions légales",
            ["DINUM", "Hébergement", "Licence Ouverte 2.0"],
        ),
        ("public:privacy", "Données personnelles", ["RGPD", "CNIL", "consenti"]),
        ("public:site_map", "Plan du site", ['href="/defis/"', 'href="/faq/candidats/"']),
    ],
)
def test_legal_pages(client, name, heading, texts):
    response = client.get(reverse(name))

    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    for text in texts:
        assert text in page, text


def test_footer_links_to_the_legal_pages_with_the_accessibility_status(client):
    page = client.get(reverse("public:home")).content.decode()

    for url in [
        "/accessibilite/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/plan-du-site/",
    ]:
        assert f'class="fr-footer__bottom-link" href="{url}"' in page
    # The state the shipped audit measured (tests/public/test_accessibility_audit.py).
    assert "Accessibilité : totalement conforme" in page


def test_faq_has_a_constant_number_of_queries(count_queries):
    FaqEntryFactory(section="A")
    _response, small = count_queries(reverse("public:faq_candidates"))
    for index in range(12):
        FaqEntryFactory(section=f"Rubrique {index % 4}")
    _response, large = count_queries(reverse("public:faq_candidates"))

    assert small == large
