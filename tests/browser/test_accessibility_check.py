"""The check_accessibility fixture itself: a violation fails every check that meets it."""

import pytest

# Served by the browser's router, not the live server: a page of our own making.
URL = "http://localhost/verification-axe/"
PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Vérification</title></head>
<body><main><h1>Vérification</h1><img src="data:," {alt}></main></body></html>"""


def serve(page, alt):
    page.route(
        URL,
        lambda route: route.fulfill(content_type="text/html", body=PAGE.format(alt=alt)),
    )
    page.goto(URL)


def test_an_image_without_alternative_fails_each_check_of_the_same_document(
    page, check_accessibility
):
    serve(page, alt="")
    for _ in range(2):
        with pytest.raises(AssertionError, match="image-alt"):
            check_accessibility(page)


def test_an_identical_document_met_again_fails_again(browser, page, check_accessibility):
    serve(page, alt="")
    with pytest.raises(AssertionError, match="image-alt"):
        check_accessibility(page)
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    try:
        again = context.new_page()
        serve(again, alt="")
        with pytest.raises(AssertionError, match="image-alt"):
            check_accessibility(again)
    finally:
        context.close()


def test_a_document_changed_after_its_check_is_checked_afresh(page, check_accessibility):
    serve(page, alt='alt="Logo"')
    assert check_accessibility(page)["violations"] == []
    page.evaluate("document.querySelector('img').removeAttribute('alt')")
    with pytest.raises(AssertionError, match="image-alt"):
        check_accessibility(page)
    page.evaluate("document.querySelector('img').setAttribute('alt', 'Logo')")
    assert check_accessibility(page)["violations"] == []
