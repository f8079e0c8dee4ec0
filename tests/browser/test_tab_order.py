"""Tab order of each role's main pages, keyboard only (RGAA 10.7, 12.7, 12.8).

From the top of the page: the first stop is the skip links; "Contenu" leads into <main>; on
the work pages "Menu de l’espace de travail" leads into the side menu; the page's main form or
action comes before the footer; every stop shows a focus indicator.
"""

import pytest
from django.contrib.auth import get_user_model

from cohorte.calls.models import Application, Call
from cohorte.projects.models import Proposal
from cohorte.selection.models import InterviewSlot

pytestmark = pytest.mark.django_db(transaction=True)

MAX_STOPS = 150

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const drawn = s => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
        || s.boxShadow !== 'none';
    const ring = node => drawn(getComputedStyle(node));
    // DSFR draws the ring of an enlarged link (cards, the brand) on its ::before, which
    // covers the whole block, or on the block itself (:focus-within).
    let indicator = ring(el) || drawn(getComputedStyle(el, '::before'))
        || drawn(getComputedStyle(el, '::after'));
    for (let p = el.parentElement; !indicator && p && p !== document.body; p = p.parentElement)
        indicator = ring(p) && p.matches(':focus-within');
    return {
        text: (el.getAttribute('aria-label') || el.innerText || el.value || el.id || '')
            .trim().slice(0, 60),
        skiplink: !!el.closest('.fr-skiplinks'),
        main: !!el.closest('main'),
        sidemenu: !!el.closest('.fr-sidemenu'),
        footer: !!el.closest('footer'),
        target: el.dataset.tabTarget === 'yes',
        indicator: indicator,
    };
}"""


def _walk(page) -> list[dict]:
    """Every Tab stop from the top of the page down to the footer."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops = []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None:
            break
        stops.append(stop)
        if stop["footer"]:
            break
    return stops


def _first_stop_after_skip_link(page, url: str, name: str) -> dict:
    # Loaded again: Tab would otherwise go on from where the last walk stopped.
    page.goto(url)
    page.keyboard.press("Tab")
    for _ in range(4):
        if page.evaluate(FOCUSED)["text"] == name:
            break
        page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["text"] == name
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED)


def check_tab_order(page, url: str, action: str, work_area: bool) -> list[str]:
    """What is wrong with the Tab order of one page (empty when it is right)."""
    page.goto(url)
    target = page.locator(action).first
    if target.count() == 0:
        return [f"{url}: no main action {action}"]
    target.evaluate("el => { el.dataset.tabTarget = 'yes'; }")
    problems = []
    stops = _walk(page)
    if not stops[0]["skiplink"] or stops[0]["text"] != "Contenu":
        problems.append(f"{url}: first stop is {stops[0]['text']!r}, not the skip links")
    targets = [index for index, stop in enumerate(stops) if stop["target"]]
    footer = next((index for index, stop in enumerate(stops) if stop["footer"]), len(stops))
    if not targets or targets[0] > footer:
        problems.append(f"{url}: {action} is not reached before the footer")
    for stop in stops:
        if not stop["indicator"]:
            problems.append(f"{url}: no focus indicator on {stop['text']!r}")

    after_content = _first_stop_after_skip_link(page, url, "Contenu")
    if not after_content["main"] or after_content["sidemenu"]:
        problems.append(f"{url}: after “Contenu”, Tab goes to {after_content['text']!r}")
    if work_area:
        after_menu = _first_stop_after_skip_link(page, url, "Menu de l’espace de travail")
        if not after_menu["sidemenu"]:
            problems.append(f"{url}: the work-area skip link leads to {after_menu['text']!r}")
    return problems


@pytest.fixture
def demo(transactional_db, lay_demo):
    lay_demo(with_accounts=True)
    return {call.slug: call for call in Call.objects.all()}


def test_a_visitor_tabs_to_the_content_of_the_public_pages(live_server, page, demo):
    opened = demo["candidatures-promotion-10"]
    challenge = opened.challenges.order_by("title").first()
    pages = [
        ("/", "main a[href='/candidater/']"),
        (challenge.get_absolute_url(), f"main a[href='{opened.get_absolute_url()}']"),
        (opened.get_absolute_url(), "main a[href*='/candidature/'], main a[href*='signup']"),
    ]

    problems = [
        problem
        for path, action in pages
        for problem in check_tab_order(page, live_server.url + path, action, work_area=False)
    ]

    assert problems == []


def test_a_candidate_tabs_to_their_space_and_their_form(live_server, page, demo, sign_in_browser):
    opened = demo["candidatures-promotion-10"]
    sign_in_browser(get_user_model().objects.get(username="candidat"))
    pages = [
        ("/mon-espace/", f"main a[href^='{opened.get_absolute_url()}']"),
        (f"/appels/{opened.slug}/candidature/", "main button[value=submit]"),
    ]

    problems = [
        problem
        for path, action in pages
        for problem in check_tab_order(page, live_server.url + path, action, work_area=False)
    ]

    assert problems == []


def test_the_team_tabs_to_the_content_and_to_the_work_area_menu(
    live_server, page, demo, sign_in_browser
):
    opened, decided = demo["candidatures-promotion-10"], demo["candidatures-promotion-9"]
    preselection = demo["candidatures-promotion-10-session-2"]
    sign_in_browser(get_user_model().objects.get(username="equipe"))
    pages = [
        ("/gestion/", f"main a[href='/gestion/appels/{opened.pk}/']"),
        (f"/gestion/appels/{opened.pk}/candidatures/", "main form[method=get] button"),
        (f"/evaluation/?appel={preselection.slug}", "main form[method=get] button"),
        (f"/jurys/decisions/?appel={decided.slug}", "main form[method=get] button"),
    ]

    problems = [
        problem
        for path, action in pages
        for problem in check_tab_order(page, live_server.url + path, action, work_area=True)
    ]

    assert problems == []


def test_the_director_tabs_to_the_validation(live_server, page, demo, sign_in_browser):
    decided = demo["candidatures-promotion-9"]
    sign_in_browser(get_user_model().objects.get(username="direction"))
    url = f"{live_server.url}/jurys/decisions/validation/?appel={decided.slug}"

    assert check_tab_order(page, url, "main form[method=get] button", work_area=True) == []


def test_a_mentor_and_a_juror_tab_to_their_grids(live_server, page, demo, sign_in_browser):
    preselection = demo["candidatures-promotion-10-session-2"]
    juries = demo["candidatures-promotion-10-session-1"]
    mentor = get_user_model().objects.get(username="mentor")
    reviewable = Application.objects.filter(call=preselection).order_by("pk").first()
    slot = InterviewSlot.objects.filter(panel__call=juries).order_by("pk").first()
    juror = slot.panel.members.order_by("pk").first()

    sign_in_browser(mentor)
    problems = [
        *check_tab_order(
            page, f"{live_server.url}/evaluation/", "main form[method=get] button", True
        ),
        *check_tab_order(
            page,
            f"{live_server.url}/evaluation/candidatures/{reviewable.pk}/",
            "main form[method=post] button[type=submit]",
            True,
        ),
    ]
    page.context.clear_cookies()
    sign_in_browser(juror)
    problems += [
        *check_tab_order(
            page,
            f"{live_server.url}/jurys/?appel={juries.slug}",
            f"main a[href='/jurys/auditions/{slot.pk}/grille/']",
            True,
        ),
        *check_tab_order(
            page,
            f"{live_server.url}/jurys/auditions/{slot.pk}/grille/",
            "main form[method=post] button[type=submit]",
            True,
        ),
    ]

    assert problems == []


def test_an_administration_tabs_to_its_proposal_form(live_server, page, demo, sign_in_browser):
    sign_in_browser(get_user_model().objects.get(username="administration"))
    proposal = Proposal.objects.get(created_by__username="administration")
    url = f"{live_server.url}/projets/propositions/{proposal.pk}/"

    assert (
        check_tab_order(
            page, url, f"main a[href='/projets/propositions/{proposal.pk}/depot/']", work_area=True
        )
        == []
    )


def test_a_missing_focus_indicator_is_reported(live_server, page, demo):
    # The check itself: a link whose ring is removed is caught.
    page.goto(live_server.url + "/")
    page.evaluate(
        "() => { const s = new CSSStyleSheet();"
        " s.replaceSync('main a:focus, main a:focus-visible { outline: none !important;"
        " box-shadow: none !important; } main .fr-enlarge-link:focus-within { outline: none"
        " !important; }');"
        " document.adoptedStyleSheets = [...document.adoptedStyleSheets, s]; }"
    )
    page.locator("main a[href='/candidater/']").first.evaluate(
        "el => { el.dataset.tabTarget = 'yes'; }"
    )

    stops = _walk(page)

    assert any(stop["main"] and not stop["indicator"] for stop in stops)
    assert any(stop["target"] for stop in stops)
