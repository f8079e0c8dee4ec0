"""The RGAA 4.1 audit's measurements on the sample, in Chromium (run on demand, not in the suite).

    pytest tests/browser/rgaa_probe.py  (writes docs/accessibility/evidence/*.json)

For each page of the sample: axe-core (every impact), the accessibility tree (aria snapshot),
keyboard (every Tab stop and its focus indicator), reflow at 320 px and 200 % zoom, the RGAA
text-spacing styles, and the structure an auditor checks by hand (title, language, landmarks,
headings, images, frames, tables, fields, links opening a new window). The grid
(cohorte/public/accessibility/rgaa-4.1-audit.csv) cites these files as its evidence.
"""

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

EVIDENCE = Path(__file__).resolve().parents[2] / "docs" / "accessibility" / "evidence"
MAX_TAB_STOPS = 120

# RGAA 10.12: line-height 1.5, paragraphs 2 em apart, letters 0.12 em, words 0.16 em.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; }"
    " p { margin-bottom: 2em !important; }"
)

STRUCTURE = """() => {
    const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
    const name = el => (el.getAttribute('aria-label') || el.innerText || '').trim();
    const fields = Array.from(document.querySelectorAll(
        'input:not([type=hidden]), select, textarea')).filter(visible);
    return {
        doctype: document.doctype ? document.doctype.name : null,
        lang: document.documentElement.lang,
        title: document.title,
        h1: Array.from(document.querySelectorAll('h1')).map(h => h.innerText.trim()),
        headings: Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))
            .filter(visible).map(h => h.tagName + ' ' + h.innerText.trim().slice(0, 60)),
        landmarks: {
            banner: document.querySelectorAll('header[role=banner], body > header').length,
            navigation: document.querySelectorAll('nav, [role=navigation]').length,
            main: document.querySelectorAll('main, [role=main]').length,
            contentinfo: document.querySelectorAll('footer[role=contentinfo], body > footer')
                .length,
        },
        images: Array.from(document.querySelectorAll('img')).map(
            i => ({src: i.getAttribute('src'), alt: i.getAttribute('alt')})),
        svg_exposed: Array.from(document.querySelectorAll('svg')).filter(
            s => s.getAttribute('aria-hidden') !== 'true' && !s.closest('[aria-hidden=true]')
        ).map(s => s.outerHTML.slice(0, 80)),
        frames: Array.from(document.querySelectorAll('iframe, frame')).map(
            f => f.getAttribute('title')),
        media: document.querySelectorAll('video, audio, object, embed, canvas').length,
        tables: Array.from(document.querySelectorAll('table')).map(t => ({
            caption: t.caption ? t.caption.innerText.trim() : null,
            th: t.querySelectorAll('th').length,
            scoped: t.querySelectorAll('th[scope], th[id]').length,
            role: t.getAttribute('role'),
        })),
        fields: fields.map(f => ({
            id: f.id, type: f.type, name: f.name,
            label: f.labels && f.labels.length ? f.labels[0].textContent.trim().slice(0, 80)
                : (f.getAttribute('aria-label') || f.getAttribute('title') || null),
            required: f.required || f.getAttribute('aria-required') === 'true',
            autocomplete: f.getAttribute('autocomplete'),
            fieldset: f.closest('fieldset') ? !!f.closest('fieldset').querySelector('legend')
                : null,
        })),
        new_windows: Array.from(document.querySelectorAll('a[target=_blank]')).map(
            a => ({name: name(a), title: a.getAttribute('title')})),
        live_regions: Array.from(document.querySelectorAll(
            '[aria-live], [role=status], [role=alert], [role=log]')).map(
            r => (r.id || r.className) + ' ' + (r.getAttribute('aria-live') ||
                  r.getAttribute('role'))),
        blink: document.querySelectorAll('marquee, blink').length,
        autoplay: document.querySelectorAll('[autoplay]').length,
        accesskeys: document.querySelectorAll('[accesskey]').length,
        meta_refresh: document.querySelectorAll('meta[http-equiv=refresh]').length,
        empty_links: Array.from(document.querySelectorAll('a[href]')).filter(
            a => visible(a) && !name(a) && !a.querySelector('img[alt]:not([alt=""])')
        ).map(a => a.getAttribute('href')),
        duplicate_ids: (() => {
            const seen = {}, dup = [];
            document.querySelectorAll('[id]').forEach(e => {
                if (seen[e.id]) dup.push(e.id); seen[e.id] = 1; });
            return dup;
        })(),
    };
}"""

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        text: (el.getAttribute('aria-label') || el.innerText || el.value || el.id || '')
            .trim().slice(0, 60),
        region: el.closest('main') ? (el.closest('.fr-sidemenu') ? 'sidemenu' : 'main')
            : el.closest('footer') ? 'footer' : el.closest('header') ? 'header'
            : el.closest('.fr-skiplinks') ? 'skiplinks' : 'other',
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== 'none',
        pseudo: ['::before', '::after'].some(pseudo => {
            const s = getComputedStyle(el, pseudo);
            return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                || s.boxShadow !== 'none';
        }),
        // DSFR draws the ring of a whole card or brand block on the block (:focus-within).
        ring_on_block: (() => {
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                const s = getComputedStyle(p);
                if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) return p.className;
            }
            return null;
        })(),
        visible: r.width > 0 && r.height > 0,
    };
}"""

OVERFLOW = """() => {
    const doc = document.documentElement;
    const clipped = [];
    document.querySelectorAll('main *').forEach(el => {
        const s = getComputedStyle(el);
        if ((s.overflow === 'hidden' || s.overflowY === 'hidden' || s.overflowX === 'hidden')
            && (el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2)
            && el.innerText && el.innerText.trim() && !el.classList.contains('fr-sr-only')
            && s.position !== 'absolute')
            clipped.push(el.tagName + '.' + el.className.toString().slice(0, 40));
    });
    return {
        horizontal_scroll: doc.scrollWidth > doc.clientWidth + 1,
        scroll_width: doc.scrollWidth, client_width: doc.clientWidth,
        clipped: clipped.slice(0, 10),
    };
}"""


def _tab_walk(page) -> list[dict]:
    stops = []
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.mouse.click(1, 1)
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (stops and focused == stops[0] and len(stops) > 3):
            break
        stops.append(focused)
        if focused["region"] == "footer" and len(stops) > 1 and stops[-2]["region"] == "footer":
            # The footer's links are the same on every page: two are enough to see it reached.
            break
    return stops


def measure(page, axe_source, url: str, name: str, check=None) -> dict:
    """Every measurement of one page of the sample; ``check`` runs after load (a form's errors)."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    if check:
        check(page)
    result = {"name": name, "url": page.url.split("//", 1)[1].split("/", 1)[1]}
    result["structure"] = page.evaluate(STRUCTURE)
    page.evaluate(axe_source)
    axe = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    result["axe"] = [
        {"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]), "help": v["help"]}
        for v in axe["violations"]
    ]
    result["aria_snapshot"] = page.locator("body").aria_snapshot()[:6000]
    result["tab_stops"] = _tab_walk(page)
    result["focus_without_indicator"] = [
        stop
        for stop in result["tab_stops"]
        if not (stop["outline"] or stop["shadow"] or stop["pseudo"] or stop["ring_on_block"])
    ]
    page.set_viewport_size({"width": 320, "height": 640})
    result["reflow_320"] = page.evaluate(OVERFLOW)
    page.set_viewport_size({"width": 640, "height": 450})  # 1280 px at 200 %
    result["zoom_200"] = page.evaluate(OVERFLOW)
    page.set_viewport_size({"width": 1280, "height": 900})
    # A constructed style sheet, as a bookmarklet would add it: the site's policy refuses <style>.
    page.evaluate(
        "css => { const s = new CSSStyleSheet(); s.replaceSync(css);"
        " document.adoptedStyleSheets = [...document.adoptedStyleSheets, s]; }",
        TEXT_SPACING,
    )
    result["text_spacing_applied"] = page.evaluate(
        "() => getComputedStyle(document.querySelector('main p, main li, p')).letterSpacing"
    )
    result["text_spacing"] = page.evaluate(OVERFLOW)
    return result


def test_measure_the_sample(live_server, page, sign_in_browser, axe_source):
    from django.contrib.auth import get_user_model

    from cohorte.calls.models import Application, Call
    from cohorte.challenges.models import Challenge
    from cohorte.demo import build_demo
    from cohorte.projects.models import Proposal
    from cohorte.selection.models import InterviewSlot
    from tests.factories import UserFactory

    build_demo(with_accounts=True)
    users = get_user_model().objects
    base = live_server.url
    calls = {c.slug: c for c in Call.objects.all()}
    opened = calls["candidatures-promotion-10"]
    preselection = calls["candidatures-promotion-10-session-2"]
    juries = calls["candidatures-promotion-10-session-1"]
    decided = calls["candidatures-promotion-9"]
    challenge = opened.challenges.order_by("title").first() or Challenge.objects.first()
    results = []

    def run(name, path, check=None):
        results.append(measure(page, axe_source, base + path, name, check))

    run("Accueil", "/")
    run("Mentions légales (contact)", "/mentions-legales/")
    run("Déclaration d’accessibilité", "/accessibilite/")
    run("Plan du site", "/plan-du-site/")
    run("Recherche (défis)", "/defis/?q=donn%C3%A9es")
    run("Un défi", challenge.get_absolute_url())
    run("Un appel", opened.get_absolute_url())

    newcomer = UserFactory(username="nouvelle", first_name="Nora", last_name="Nouvelle")
    sign_in_browser(newcomer)
    page.goto(f"{base}/appels/{opened.slug}/candidature/")
    start = page.get_by_role("button", name="Commencer ma candidature")
    if start.count():
        start.click()
        page.wait_for_load_state()
    run("Formulaire de candidature", f"/appels/{opened.slug}/candidature/")

    def send_empty(page):
        page.get_by_role("button", name="Déposer ma candidature").click()
        page.wait_for_load_state()

    run("Formulaire de candidature : erreurs", f"/appels/{opened.slug}/candidature/", send_empty)
    page.context.clear_cookies()

    sign_in_browser(users.get(username="candidat"))
    run("Mon espace (candidat)", "/mon-espace/")
    run("Récépissé et téléchargements (candidat)", f"/appels/{opened.slug}/candidature/recepisse/")
    page.context.clear_cookies()

    sign_in_browser(users.get(username="administration"))
    proposal = Proposal.objects.get(created_by__username="administration")
    run("Formulaire de proposition (administration)", f"/projets/propositions/{proposal.pk}/")
    page.context.clear_cookies()

    sign_in_browser(users.get(username="equipe"))
    run("Gestion : accueil (équipe)", "/gestion/")
    run("Gestion : candidatures (équipe)", f"/gestion/appels/{opened.pk}/candidatures/")
    application = Application.objects.filter(call=opened).order_by("pk").first()
    run("Gestion : une candidature (équipe)", f"/gestion/candidatures/{application.pk}/")
    run("Évaluation (équipe)", f"/evaluation/?appel={preselection.slug}")
    run("Décisions (équipe)", f"/jurys/decisions/?appel={decided.slug}")
    page.context.clear_cookies()

    sign_in_browser(users.get(username="direction"))
    run("Validation (direction)", f"/jurys/decisions/validation/?appel={decided.slug}")
    page.context.clear_cookies()

    sign_in_browser(users.get(username="mentor"))
    run("Évaluation : accueil (mentor)", "/evaluation/")
    reviewable = Application.objects.filter(call=preselection).order_by("pk").first()
    run("Évaluation : grille (mentor)", f"/evaluation/candidatures/{reviewable.pk}/")
    page.context.clear_cookies()

    slot = InterviewSlot.objects.filter(panel__call=juries).order_by("pk").first()
    juror = slot.panel.members.order_by("pk").first()
    sign_in_browser(juror)
    run("Jurys : accueil (juré)", f"/jurys/?appel={juries.slug}")
    run("Jurys : grille d’audition (juré)", f"/jurys/auditions/{slot.pk}/grille/")

    EVIDENCE.mkdir(parents=True, exist_ok=True)
    for index, result in enumerate(results, 1):
        (EVIDENCE / f"{index:02d}.json").write_text(
            json.dumps(result, ensure_ascii=False, indent=1)
        )
    summary = [
        {
            "page": r["name"],
            "url": r["url"],
            "axe": [f"{v['id']}:{v['impact']}" for v in r["axe"]],
            "focus_without_indicator": len(r["focus_without_indicator"]),
            "tab_stops": len(r["tab_stops"]),
            "reflow_320": r["reflow_320"]["horizontal_scroll"],
            "zoom_200": r["zoom_200"]["horizontal_scroll"],
            "text_spacing_clipped": r["text_spacing"]["clipped"],
        }
        for r in results
    ]
    (EVIDENCE / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    assert os.path.exists(EVIDENCE / "summary.json")
