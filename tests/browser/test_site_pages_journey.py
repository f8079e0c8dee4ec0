"""Issue #15's editors of the site's pages and FAQ in Chromium with axe-core: the team
rewrites the legal notice, watches the live preview, sees the notice on /mentions-legales/,
then adds a question to the candidates' FAQ."""

import pytest
from playwright.sync_api import expect

from cohorte.audit.models import ActivityLog
from cohorte.content.models import FaqEntry
from tests.cohort_world import build_cohort_world
from tests.factories import eig_legal_pages

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_team_edits_the_legal_notice_and_adds_a_question(
    live_server, page, check_accessibility, sign_in_browser
):
    world = build_cohort_world()
    eig_legal_pages()
    sign_in_browser(world.users["team"])
    page.goto(live_server.url + "/mon-espace/")
    page.get_by_role("link", name="Pages du site", exact=True).click()
    page.wait_for_url("**/gestion/pages/")
    check_accessibility(page)
    page.locator("#contenu").get_by_role("link", name="Mentions légales", exact=True).click()
    page.wait_for_url("**/gestion/pages/legales/mentions-legales/")
    check_accessibility(page)

    page.get_by_label("Contenu (Markdown)").fill(
        "## Éditeur\n\nLe site est édité par le *ministère X*, 1 rue de l’Exemple, 75015 Paris."
    )
    preview = page.locator("#apercu")
    expect(preview.locator("h2", has_text="Éditeur")).to_be_visible()
    expect(preview.locator("em", has_text="ministère X")).to_be_visible()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Page enregistrée.")
    check_accessibility(page)
    assert ActivityLog.objects.filter(action="content.page_updated").count() == 1

    # As a visitor (the server's cache showing the change at once is tested without a browser,
    # which keeps a public page a minute: tests/sitepages/test_page_editor.py).
    page.context.clear_cookies()
    page.goto(live_server.url + "/mentions-legales/")
    expect(page.locator("#contenu em", has_text="ministère X")).to_be_visible()
    expect(page.get_by_text("20 avenue de Ségur")).to_have_count(0)
    expect(page.get_by_role("heading", name="Hébergement")).to_be_visible()
    check_accessibility(page)

    sign_in_browser(world.users["team"])
    page.goto(live_server.url + "/mon-espace/")
    page.get_by_role("link", name="Questions fréquentes", exact=True).click()
    page.wait_for_url("**/gestion/faq/")
    check_accessibility(page)
    page.get_by_role("link", name="Ajouter une question pour les candidat·es").click()
    page.wait_for_url("**/gestion/faq/nouvelle/?public=candidates")
    page.get_by_label("Question", exact=True).fill("Faut-il savoir coder ?")
    page.get_by_label("Réponse (Markdown)").fill("Non : **tous les profils** du numérique.")
    expect(page.locator("#apercu strong", has_text="tous les profils")).to_be_visible()
    # Submitted empty of its question first: refused with its message.
    page.get_by_label("Question", exact=True).fill("")
    page.get_by_role("button", name="Ajouter la question").click()
    expect(page.locator(".fr-alert--error")).to_contain_text("Indiquez la question.")
    check_accessibility(page)
    assert not FaqEntry.objects.exists()
    page.get_by_label("Question", exact=True).fill("Faut-il savoir coder ?")
    page.get_by_role("button", name="Ajouter la question").click()
    page.wait_for_url("**/gestion/faq/")
    expect(page.locator(".fr-alert--success")).to_contain_text("Question ajoutée.")
    check_accessibility(page)

    page.context.clear_cookies()
    page.goto(live_server.url + "/faq/candidats/")
    expect(page.get_by_role("button", name="Faut-il savoir coder ?")).to_be_visible()
    check_accessibility(page)
