"""A visitor's journey through the public site, in Chromium, with axe-core on every page."""

import pytest

from cohorte.challenges.models import Challenge

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_to_feed(live_server, page, check_accessibility, lay_demo):
    lay_demo()
    challenge = Challenge.objects.get(slug="biodiv-obs")
    fellow = challenge.roles.filter(kind="fellow").select_related("person").first().person

    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    check_accessibility(page)

    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Défis").click()
    page.wait_for_url("**/defis/")
    assert page.locator("h1").inner_text() == "Les défis"
    check_accessibility(page)

    page.get_by_label("Thème", exact=True).select_option(label="Environnement")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**/defis/?*theme=environnement*")
    titles = page.locator("main h2, main h3").all_inner_texts()
    assert "Biodiv'Obs" in " ".join(titles)
    assert "Jurisprudence ouverte" not in " ".join(titles)
    check_accessibility(page)

    page.get_by_role("link", name="Biodiv'Obs").first.click()
    page.wait_for_url(f"**/defis/{challenge.slug}/")
    assert page.locator("h1").inner_text() == "Biodiv'Obs"
    check_accessibility(page)

    page.get_by_role("link", name=fellow.full_name).first.click()
    page.wait_for_url(f"**/personnes/{fellow.slug}/")
    assert page.locator("h1").inner_text() == fellow.full_name
    check_accessibility(page)

    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Blog").click()
    page.wait_for_url("**/blog/")
    check_accessibility(page)

    first_post = page.locator("main article h2 a, main .fr-card__title a").first
    title = first_post.inner_text()
    first_post.click()
    page.wait_for_url("**/blog/*/")
    assert page.locator("h1").inner_text() == title
    check_accessibility(page)

    response = page.request.get(live_server.url + "/blog/feed/")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert title in response.text()


def test_secondary_pages_pass_axe(live_server, page, check_accessibility, lay_demo):
    lay_demo()
    for path in [
        "/personnes/",
        "/promotions/",
        "/promotions/promotion-9/",
        "/que-sont-ils-devenus/",
        "/faq/candidats/",
        "/accessibilite/",
        "/mentions-legales/",
        "/plan-du-site/",
        "/page-qui-n-existe-pas/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        check_accessibility(page)
