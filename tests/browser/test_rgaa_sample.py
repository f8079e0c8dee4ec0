"""The RGAA audit's sample in Chromium: the statement at every size, the form sent back."""

import pytest

from cohorte.public.accessibility_audit import current_audit
from cohorte.public.templatetags.public_tags import french_number

pytestmark = pytest.mark.django_db(transaction=True)

TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"
)


def _horizontal_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
    )


def test_the_statement_reads_in_the_browser_at_every_size(live_server, page, check_accessibility):
    audit = current_audit()
    page.goto(live_server.url + "/")
    footer = page.locator("footer").get_by_role("link", name="Accessibilité : totalement")
    footer.click()
    page.wait_for_url("**/accessibilite/")

    state = page.locator("#etat-de-conformite").inner_text()
    assert "totalement conforme" in state
    rate = french_number(audit.percent)
    assert f"{rate} %" in page.locator("#taux").inner_text()
    items = page.locator("#non-conformites > li")
    assert items.count() == len(audit.non_conforming)
    assert page.locator("#echantillon > li").count() == len(audit.pages)
    check_accessibility(page)

    page.set_viewport_size({"width": 320, "height": 640})
    assert not _horizontal_scroll(page)
    page.set_viewport_size({"width": 640, "height": 450})
    assert not _horizontal_scroll(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    # A constructed style sheet, as a bookmarklet adds it: the site's policy refuses <style>.
    page.evaluate(
        "css => { const s = new CSSStyleSheet(); s.replaceSync(css);"
        " document.adoptedStyleSheets = [...document.adoptedStyleSheets, s]; }",
        TEXT_SPACING,
    )
    assert page.evaluate("getComputedStyle(document.querySelector('#taux')).wordSpacing") != "0px"
    assert not _horizontal_scroll(page)
    assert page.locator("#taux").is_visible()


def test_the_application_form_sent_back_empty_starts_with_its_errors(
    live_server, page, sign_in_browser, check_accessibility
):
    # Page P09 of the audit's sample (RGAA 8.6, 11.10): title, focus and links of the summary.
    from tests.factories import UserFactory
    from tests.world import build_world

    world = build_world()
    sign_in_browser(UserFactory(username="nouvelle"))
    page.goto(f"{live_server.url}/appels/{world.call.slug}/candidature/")
    page.get_by_role("button", name="Commencer ma candidature").click()
    page.get_by_role("button", name="Déposer ma candidature").click()
    page.wait_for_selector("#erreurs")

    state = page.evaluate(
        """() => ({
            title: document.title,
            focused: document.activeElement.id,
            links: Array.from(document.querySelectorAll('#erreurs a')).map(
                a => !!document.querySelector(a.getAttribute('href'))),
        })"""
    )
    assert state["title"].startswith("Erreur : ")
    assert state["focused"] == "erreurs"
    assert state["links"] and all(state["links"])
    check_accessibility(page)
