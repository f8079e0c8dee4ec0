"""Keyboard paths and page language, as an RGAA audit tries them (RGAA 8.3, 8.7, 12.7)."""

import pytest

from tests.world import build_world

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
    world = build_world()
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
