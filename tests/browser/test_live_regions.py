"""What screen readers hear, and where focus and status stay (RGAA 7.1, 7.5, 13.9): live
regions are watched in the page (a MutationObserver records each change of their text),
so each test asserts what is announced and how often; axe-core on every page visited."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from cohorte.calls.models import Application
from cohorte.projects.models import FundingRules
from cohorte.selection import decisions as selection_domain
from tests.projects.admin_helpers import draft
from tests.world import after_interviews, build_world

pytestmark = pytest.mark.django_db(transaction=True)
SAVED = "#autosave-status >> text=Brouillon enregistré à"

# Installed before the page's own scripts: every change of text inside a live region (or
# a live region inserted with text) is recorded with the region's id, as a screen reader
# would hear it. The first records start once the page is parsed.
RECORDER = """
window.__heard = [];
document.addEventListener("DOMContentLoaded", function () {
  var LIVE = "[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log]";
  function regionOf(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    return element ? element.closest(LIVE) : null;
  }
  new MutationObserver(function (mutations) {
    var seen = [];
    mutations.forEach(function (mutation) {
      var regions = [];
      var region = regionOf(mutation.target);
      if (region) { regions.push(region); }
      mutation.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.matches(LIVE)) { regions.push(node); }
      });
      regions.forEach(function (live) {
        if (seen.indexOf(live) !== -1) { return; }
        seen.push(live);
        var text = live.textContent.replace(/[ \\t\\r\\n]+/g, " ").trim();
        if (text) { window.__heard.push([live.id || live.className, text]); }
      });
    });
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true});
});
"""


def watch(page):
    """Record the page's live regions from its next load on."""
    page.add_init_script(RECORDER)


def heard(page) -> list[str]:
    """What the page's status region (#annonce) said, in order."""
    return [text for region, text in page.evaluate("window.__heard") if region == "annonce"]


def heard_elsewhere(page) -> list[list[str]]:
    """What any other live region said."""
    return [entry for entry in page.evaluate("window.__heard") if entry[0] != "annonce"]


def wait_heard(page, text, timeout=6000):
    """Wait until #annonce has said ``text`` (failing with all it said otherwise)."""
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_function(
            "text => window.__heard.some(e => e[0] === 'annonce' && e[1] === text)",
            arg=text,
            timeout=timeout,
        )
    except Timeout:
        pytest.fail(f"not heard: {text!r}; heard: {page.evaluate('window.__heard')!r}")


def quiet(page, ms=2500):
    """Let every pending pause (counters: 1.5 s; autosave: 1 s and its answer) go by."""
    page.wait_for_timeout(ms)


def focused(page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, text: document.activeElement.innerText})"
    )


def in_view(page, selector) -> bool:
    """Whether the whole element is inside the viewport (its text may be read there)."""
    return page.evaluate(
        """selector => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.height > 0 && box.top >= 0 && box.left >= 0
                && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
        }""",
        selector,
    )


def typed_line_in_view(page, selector) -> bool:
    """Whether the field's first line is on screen and not under the autosave bar."""
    return page.evaluate(
        """selector => {
            const box = document.querySelector(selector).getBoundingClientRect();
            const bar = document.querySelector('.autosave-bar').getBoundingClientRect();
            return box.top >= 0 && box.top + 40 <= Math.min(bar.top, window.innerHeight);
        }""",
        selector,
    )


def test_the_proposal_form_speaks_one_sentence_per_change_of_state(
    live_server, page, sign_in_browser, check_accessibility
):
    from tests.project_world import build_project_world

    world = build_project_world()
    proposal = draft(world)
    sign_in_browser(world.admin_user)
    estimates = []
    page.on("request", lambda r: estimates.append(r.url) if "/estimation/" in r.url else None)
    watch(page)
    page.goto(f"{live_server.url}/projets/propositions/{proposal.pk}/")
    check_accessibility(page)

    # The first save is heard once; saving again in the same state is not heard again.
    page.fill("#title", "Détecter les fraudes")
    page.wait_for_selector(SAVED, timeout=5000)
    wait_heard(page, "Brouillon enregistré.")
    page.fill("#host_address", "20 avenue de Ségur, 75007 Paris")
    page.locator("#host_address").blur()
    expect(page.locator("#id_revision")).to_have_value("2", timeout=5000)
    quiet(page, 800)
    assert heard(page) == ["Brouillon enregistré."]
    assert estimates == []  # no funding field changed: no estimate

    # Funding fields recompute the estimate; only a new summary is heard.
    page.select_option("#fellows_count", "2")
    quiet(page, 1200)
    assert len(estimates) == 1
    assert heard(page) == ["Brouillon enregistré."]  # still "Pas de cofinancement demandé."
    page.check("#cofunding_requested-yes", force=True)
    wait_heard(page, "Estimation : indiquez le coût total employeur d’au moins une tranche.")
    page.fill("#cost-junior", "62000")
    page.locator("#cost-junior").press("Tab")
    wait_heard(page, "Cofinancement estimé : 37\u202f200 € pour 2 EIG.")
    page.fill("#cost-senior", "71000")
    page.locator("#cost-senior").press("Tab")
    wait_heard(page, "Cofinancement estimé : de 37\u202f200 € à 42\u202f600 € pour 2 EIG.")
    quiet(page, 1500)
    assert heard(page) == [
        "Brouillon enregistré.",
        "Estimation : indiquez le coût total employeur d’au moins une tranche.",
        "Cofinancement estimé : 37\u202f200 € pour 2 EIG.",
        "Cofinancement estimé : de 37\u202f200 € à 42\u202f600 € pour 2 EIG.",
    ]
    before = len(estimates)
    page.fill("#operational_carrier", "Direction du numérique")
    page.locator("#operational_carrier").press("Tab")
    quiet(page, 1500)
    assert len(estimates) == before  # a field outside the funding leaves the estimate be
    check_accessibility(page)

    # A counter is heard only near its limit and over it, once per change of state.
    start = len(heard(page))
    summary = page.locator("#section-summary")
    summary.fill("x" * 200)
    quiet(page)
    assert heard(page)[start:] == []  # far from the limit (300): silent
    summary.fill("x" * 275)
    wait_heard(page, "Plus que 25 caractères : limite de 300 caractères.")
    summary.fill("x" * 280)
    quiet(page)
    assert heard(page)[start:] == ["Plus que 25 caractères : limite de 300 caractères."]
    summary.fill("x" * 310)
    wait_heard(page, "10 caractères de trop sur 300 : raccourcissez ce texte.")
    wait_heard(page, "Brouillon enregistré, sauf 1 point à corriger.")
    assert summary.input_value() == "x" * 310  # nothing cut
    expect(page.locator("#section-summary-compteur")).to_have_text(
        "310 / 300 caractères : 10 de trop, raccourcissez ce texte."
    )
    summary.fill("x" * 320)  # still over, still one point: nothing new to hear
    quiet(page)
    summary.fill("Un résumé court.")
    wait_heard(page, "Texte revenu dans la limite de 300 caractères.")
    page.locator("#autosave-status >> text=Brouillon enregistré à").wait_for(timeout=5000)
    quiet(page, 800)
    assert sorted(heard(page)[start:]) == sorted(
        [
            "Plus que 25 caractères : limite de 300 caractères.",
            "10 caractères de trop sur 300 : raccourcissez ce texte.",
            "Brouillon enregistré, sauf 1 point à corriger.",
            "Texte revenu dans la limite de 300 caractères.",
            "Brouillon enregistré.",
        ]
    )
    assert heard_elsewhere(page) == []  # the estimate, the status, the fields: silent
    check_accessibility(page)


@pytest.fixture
def narrow(browser):
    """A page 320 px wide, as at 400 % zoom (RGAA 10.11, 13.9)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    page = context.new_page()
    yield page
    context.close()


def sign_in_narrow(page, live_server, user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def test_at_320_px_the_autosave_status_is_on_screen_from_the_field_being_typed_in(
    live_server, narrow, check_accessibility
):
    from tests.project_world import build_project_world

    page = narrow
    world = build_project_world()
    proposal = draft(world)
    sign_in_narrow(page, live_server, world.admin_user)
    watch(page)
    page.goto(f"{live_server.url}/projets/propositions/{proposal.pk}/")
    check_accessibility(page)
    end = page.evaluate(
        "document.querySelector('button[value=save]').getBoundingClientRect().top + scrollY"
    )
    assert end > 5 * 640  # the form ends thousands of pixels below its first fields

    for field in ("#title", "#section-summary", "#section-problem"):
        page.focus(field)
        page.keyboard.type("Texte tapé ici")
        page.wait_for_selector(SAVED, timeout=5000)
        assert in_view(page, "#autosave-status")
        assert typed_line_in_view(page, field)
        assert "#" + focused(page)["id"] == field  # the save never takes the focus away

    # An expired session is said there too, with its link to sign in again.
    Session.objects.all().delete()
    page.focus("#section-problem")
    page.keyboard.type(" après expiration")
    page.wait_for_selector("#autosave-status >> text=Votre session a expiré", timeout=5000)
    assert in_view(page, "#autosave-status") and typed_line_in_view(page, "#section-problem")
    link = page.get_by_role("link", name="Se reconnecter (nouvel onglet)")
    assert link.is_visible()
    wait_heard(
        page,
        "Votre session a expiré : vos dernières modifications ne sont pas enregistrées. "
        "Reconnectez-vous dans un nouvel onglet.",
    )
    check_accessibility(page)


def test_a_long_answer_shows_a_counter_instead_of_being_cut(
    live_server, narrow, check_accessibility
):
    page = narrow
    world = build_world()
    question = world.call.questions.order_by("order", "pk").first()  # 3 000 characters
    sign_in_narrow(page, live_server, world.candidate)
    watch(page)
    page.goto(f"{live_server.url}/appels/{world.call.slug}/candidature/")
    answer = page.locator(f"#id_q_{question.pk}")
    assert answer.get_attribute("maxlength") is None
    assert f"id_q_{question.pk}-compteur" in answer.get_attribute("aria-describedby")
    check_accessibility(page)

    answer.fill("x" * 2800)
    wait_heard(page, "Plus que 200 caractères : limite de 3\u202f000 caractères.")
    answer.fill("x" * 3050)  # a pasted text longer than the limit stays whole
    wait_heard(page, "50 caractères de trop sur 3\u202f000 : raccourcissez ce texte.")
    assert answer.input_value() == "x" * 3050
    expect(page.locator(f"#id_q_{question.pk}-compteur")).to_have_text(
        "3\u202f050 / 3\u202f000 caractères : 50 de trop, raccourcissez ce texte."
    )
    wait_heard(page, "Brouillon enregistré, sauf 1 point à corriger.")
    assert in_view(page, "#autosave-status")
    quiet(page)
    assert heard(page) == [
        "Plus que 200 caractères : limite de 3\u202f000 caractères.",
        "Brouillon enregistré.",
        "50 caractères de trop sur 3\u202f000 : raccourcissez ce texte.",
        "Brouillon enregistré, sauf 1 point à corriger.",
    ] or sorted(heard(page)) == sorted(
        [
            "Plus que 200 caractères : limite de 3\u202f000 caractères.",
            "Brouillon enregistré.",
            "50 caractères de trop sur 3\u202f000 : raccourcissez ce texte.",
            "Brouillon enregistré, sauf 1 point à corriger.",
        ]
    )
    assert heard_elsewhere(page) == []
    application = Application.objects.get(pk=world.application.pk)
    assert len(application.answers.get(str(question.pk)) or "") < 3000  # refused, not cut
    check_accessibility(page)


@pytest.fixture
def decisions_world(transactional_db):
    """tests/project_world.py with the panels' verdicts and a 50 000 € envelope."""
    from tests.project_world import after_auditions, build_project_world
    from tests.projects.decisions_helpers import profile, verdicts

    world = after_auditions(build_project_world())
    profile()
    verdicts(world)
    FundingRules.objects.filter(cohort=world.call.cohort).update(envelope=50000)
    return world


def test_ticking_a_defi_says_the_new_cumul_once_and_keeps_focus_on_the_box(
    live_server, page, sign_in_browser, check_accessibility, decisions_world
):
    world = decisions_world
    sign_in_browser(world.team)
    envelopes = []
    page.on("request", lambda r: envelopes.append(r.url) if "/cumul/" in r.url else None)
    watch(page)
    page.goto(f"{live_server.url}/gestion/projets/{world.call.pk}/")
    check_accessibility(page)

    page.focus(f"#retenir-{world.proposal.pk}")
    page.keyboard.press("Space")
    wait_heard(page, "1 défi coché, cumul 42\u202f600 € : reste disponible 7\u202f400 €.")
    assert focused(page)["id"] == f"retenir-{world.proposal.pk}"

    # The override box and the exception change nothing to compute: nothing is sent or said.
    page.focus("#depasser")
    page.keyboard.press("Space")
    quiet(page, 1000)
    assert len(envelopes) == 1

    page.focus(f"#retenir-{world.other_proposal.pk}")
    page.keyboard.press("Space")
    wait_heard(
        page, "2 défis cochés, cumul 85\u202f200 € : l’enveloppe est dépassée de 35\u202f200 €."
    )
    assert focused(page)["id"] == f"retenir-{world.other_proposal.pk}"
    quiet(page, 800)
    assert heard(page) == [
        "1 défi coché, cumul 42\u202f600 € : reste disponible 7\u202f400 €.",
        "2 défis cochés, cumul 85\u202f200 € : l’enveloppe est dépassée de 35\u202f200 €.",
    ]
    assert heard_elsewhere(page) == []  # the table itself is not read out
    check_accessibility(page)

    # The director reads the excess in words, not only in red.
    page.get_by_role("button", name="Préparer les décisions").click()
    page.wait_for_url(f"**/gestion/projets/{world.call.pk}/")
    sign_in_browser(world.director)
    page.goto(f"{live_server.url}/gestion/projets/{world.call.pk}/validation/")
    assert (
        "Dépassement : 35\u202f200 € de plus que l’enveloppe." in page.locator("main").inner_text()
    )
    check_accessibility(page)


def test_the_director_reads_in_words_that_a_defi_has_more_selected_than_seats(
    live_server, page, sign_in_browser, check_accessibility
):
    world = after_interviews(build_world())
    decision = selection_domain.stage_decision(
        world.application, "selected", world.challenge, None, world.team
    )
    type(world.challenge).objects.filter(pk=decision.challenge_id).update(seats=0)
    sign_in_browser(world.director)
    page.goto(f"{live_server.url}/jurys/decisions/validation/?appel={world.call.slug}")
    text = page.locator("main").inner_text()
    # Shown on its own line, after the count, with the error icon.
    assert "1 retenu·e(s) pour 0 place(s).\nDépassement : 1 place de plus que prévu." in text
    check_accessibility(page)


def test_refreshing_the_preview_keeps_focus_on_the_button_and_says_it_once(
    live_server, page, sign_in_browser, check_accessibility
):
    world = build_world()
    sign_in_browser(world.team)
    watch(page)
    page.goto(f"{live_server.url}/gestion/configuration/{world.call.pk}/questions/")
    check_accessibility(page)
    button = page.get_by_role("button", name="Actualiser l’aperçu")
    button.focus()
    page.keyboard.press("Enter")
    count = world.call.questions.count()
    wait_heard(page, f"Aperçu actualisé : {count} questions.")
    assert focused(page)["text"] == "Actualiser l’aperçu"
    quiet(page, 500)
    assert heard(page) == [f"Aperçu actualisé : {count} questions."]
    check_accessibility(page)
