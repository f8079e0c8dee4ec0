"""Keyboard paths and page language, as an RGAA audit tries them (RGAA 8.3, 8.7, 12.7)."""

import pytest

from tests.world import after_interviews, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                text: (el.innerText || el.value || '').trim(),
                inMain: !!el.closest('main'),
                inSideMenu: !!el.closest('.fr-sidemenu'),
                id: el.id,
            };
        }"""
    )


def test_the_content_skip_link_of_a_work_page_passes_the_side_menu(
    live_server, page, sign_in_browser, check_accessibility
):
    world = build_world()
    sign_in_browser(world.team)
    page.goto(live_server.url + "/gestion/")
    check_accessibility(page)

    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Contenu"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = _focused(page)
    assert first["inMain"] and not first["inSideMenu"]
    assert page.locator("main .fr-sidemenu").count() == 0


def test_the_work_area_menu_has_its_own_skip_link(live_server, page, sign_in_browser):
    world = build_world()
    sign_in_browser(world.team)
    page.goto(live_server.url + "/gestion/")

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "Menu de l’espace de travail"
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "menu-espace"
    page.keyboard.press("Tab")
    link = _focused(page)
    assert link["inSideMenu"] and link["text"] == "Mon espace"


@pytest.mark.parametrize("path", ["/compte/login/", "/compte/signup/", "/compte/password/reset/"])
def test_an_english_browser_gets_the_account_pages_in_french(browser, live_server, path):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    try:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.lang") == "fr"
        text = page.locator("main").inner_text()
        assert "Sign In" not in text and "Sign Up" not in text and "Password" not in text
        assert "Mot de passe" in text or "Courriel" in text
    finally:
        context.close()


def test_after_preparing_a_decision_focus_stays_in_its_row_and_the_outcome_is_announced(
    live_server, page, sign_in_browser, check_accessibility
):
    world = after_interviews(build_world())
    pk = world.application.pk
    sign_in_browser(world.team)
    page.goto(f"{live_server.url}/jurys/decisions/?appel={world.call.slug}")
    row = page.locator(f"#candidature-{pk}")
    row.get_by_label("Décision", exact=True).select_option(value="waiting_list")
    row.get_by_label("Défi", exact=False).first.select_option(value=str(world.challenge.pk))
    row.get_by_role("button", name="Préparer").focus()
    page.keyboard.press("Enter")

    page.wait_for_function(
        "() => document.getElementById('annonce').textContent.startsWith('Décision préparée')"
    )
    assert page.locator("#annonce").inner_text() == (
        f"Décision préparée pour {world.application.display_name}."
    )
    focused = page.evaluate(
        "() => [document.activeElement.innerText, !!document.activeElement.closest('#candidature-"
        + str(pk)
        + "')]"
    )
    assert focused == ["Modifier", True]
    check_accessibility(page)

    # A refusal is announced the same way, and focus stays on the button.
    row = page.locator(f"#candidature-{pk}")
    row.get_by_label("Décision", exact=True).select_option(value="selected")
    row.get_by_label("Défi", exact=False).first.select_option(value="")
    row.get_by_role("button", name="Modifier").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.getElementById('annonce').textContent.startsWith('Choisissez')"
    )
    assert page.evaluate("document.activeElement.innerText") == "Modifier"


def _error_state(page) -> dict:
    return page.evaluate(
        """() => ({
            title: document.title,
            focused: document.activeElement.id,
            links: Array.from(document.querySelectorAll('#erreurs a')).map(
                a => [a.innerText, !!document.querySelector(a.getAttribute('href'))]
            ),
        })"""
    )


def test_a_sign_up_sent_back_starts_with_its_errors(live_server, page, check_accessibility):
    page.goto(live_server.url + "/compte/signup/")
    page.locator("#id_first_name").fill("Claire")
    page.locator("#id_last_name").fill("Martin")
    page.locator("#id_email").fill("claire.martin@example.org")
    page.locator("#id_password1").fill("un mot de passe assez long")
    page.locator("#id_password2").fill("un autre mot de passe long")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("#erreurs")

    state = _error_state(page)
    assert state["title"].startswith("Erreur : ")
    assert state["focused"] == "erreurs"
    assert state["links"] and all(found for _text, found in state["links"])
    check_accessibility(page)


def test_a_review_grid_sent_back_starts_with_its_errors(
    live_server, page, sign_in_browser, check_accessibility
):
    world = build_world()
    sign_in_browser(world.mentor)
    page.goto(f"{live_server.url}/evaluation/candidatures/{world.application.pk}/")
    assert "Chaque note et l’avis sont obligatoires" in page.locator("main").inner_text()
    page.get_by_role("button", name="Enregistrer").first.click()
    page.wait_for_selector("#erreurs")

    state = _error_state(page)
    assert state["title"].startswith("Erreur : ")
    assert state["focused"] == "erreurs"
    criteria = world.call.grid.criteria.count()
    assert len(state["links"]) == criteria + 1  # every score, and the recommendation
    assert all(found for _text, found in state["links"])
    check_accessibility(page)
