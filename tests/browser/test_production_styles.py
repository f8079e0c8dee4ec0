"""The home page served as in production (DEBUG=0, collectstatic, gunicorn) looks like the
site: the browser applied the DSFR's styles and fonts, not only received the HTML."""

from tests import production_server


def test_the_home_page_is_styled_in_production(browser, production_folder):
    with production_server.gunicorn(production_folder) as base:
        context = browser.new_context(
            locale="fr-FR",
            viewport={"width": 1280, "height": 900},
            # What the front server adds: the site is served in https behind it.
            extra_http_headers={"X-Forwarded-Proto": "https"},
        )
        page = context.new_page()
        try:
            response = page.goto(base + "/")
            assert response.status == 200
            page.wait_for_load_state("networkidle")
            styles = page.evaluate(
                """() => {
                    const css = (selector, property) => {
                        const element = document.querySelector(selector);
                        return element ? getComputedStyle(element)[property] : null;
                    };
                    return {
                        font: css("body", "fontFamily"),
                        text: css("body", "color"),
                        header: css(".fr-header__body", "display"),
                        logo: css(".fr-logo", "textTransform"),
                        fontLoaded: document.fonts.check("1rem Marianne"),
                    };
                }"""
            )
        finally:
            context.close()
    assert styles["font"].startswith("Marianne"), styles
    assert styles["text"] == "rgb(58, 58, 58)", styles  # the DSFR's default text grey
    assert styles["header"] == "block", styles
    assert styles["logo"] == "uppercase", styles
    assert styles["fontLoaded"] is True, styles
