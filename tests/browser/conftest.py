"""Browser tests: Playwright driving Debian's Chromium, with axe-core on every page."""

import copy
import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

# Debian's Chromium built as the headless shell (package chromium-headless-shell), the build
# Playwright itself runs headless tests with: the same Blink, without the desktop browser
# around it, for about half the CPU per page. The full browser where only it is installed.
CHROMIUM = (
    os.environ.get("CHROMIUM_PATH")
    or shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or "/usr/bin/chromium-headless-shell"
)
# Flags that keep Chromium off the network: this machine has none but the loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session, or a skip saying why there is none."""
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium-headless-shell"
            " (.ci/run does)"
        )
    # The sync Playwright API runs an event loop in this thread; the live server and
    # the ORM calls of the tests run outside it, so Django's async guard is lifted here only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        new_context = browser.new_context

        def watched_context(*args, **kwargs):
            # Every page of every context, the tests' own included, is watched.
            context = new_context(*args, **kwargs)
            context.on("page", watch_policy)
            return context

        browser.new_context = watched_context
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


# Content-Security-Policy refusals reported by any page of the running test.
REFUSED: list[str] = []


def watch_policy(page) -> None:
    """Note every console message of the page that reports a Content-Security-Policy refusal."""
    page.on(
        "console",
        lambda message: (
            REFUSED.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )


@pytest.fixture(autouse=True)
def csp_refusals():
    """Every browser test runs under the site's policy, and nothing may be refused by it."""
    REFUSED.clear()
    yield REFUSED
    refused, REFUSED[:] = list(REFUSED), []
    assert refused == [], "\n".join(refused)


@pytest.fixture
def page(browser):
    """A fresh browser context and page, French locale, for one test."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, as shipped inside the axe-playwright-python package."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


# What Chromium says when a click's navigation replaces the document axe is reading.
_NAVIGATION_RACES = ("Execution context was destroyed", "reading 'documentElement'", "axe is not")

# A digest of all that axe reads in the current document: its markup (the form controls' live
# state and the stylesheets it links to included), its address, the viewport and media it is
# laid out for, where focus, pointer and scroll are. None where part of what axe reads is
# outside the markup (frames, shadow roots): such a document is always checked afresh. The
# CSRF token, new on every response and read by no rule, is left out so that a page served
# twice is recognised.
_DOCUMENT_DIGEST = """async () => {
    const root = document.documentElement;
    if (document.querySelector("iframe, frame, object, embed")
        || Array.prototype.some.call(document.querySelectorAll("*"), e => e.shadowRoot)) {
        return null;
    }
    const path = element => {
        const steps = [];
        for (; element && element.parentElement; element = element.parentElement) {
            steps.push(Array.prototype.indexOf.call(element.parentElement.children, element));
        }
        return steps.reverse().join("/");
    };
    const controls = Array.from(
        document.querySelectorAll("input, select, textarea"),
        c => c.type === "checkbox" || c.type === "radio" ? String(c.checked)
            : c.tagName === "SELECT" ? Array.from(c.options, o => o.selected ? 1 : 0).join("")
            : c.value,
    );
    const hovered = document.querySelectorAll(":hover");
    const media = ["(prefers-color-scheme: dark)", "(prefers-reduced-motion: reduce)",
        "(forced-colors: active)", "(prefers-contrast: more)", "print"];
    const state = [
        location.href, innerWidth, innerHeight, devicePixelRatio, scrollX, scrollY,
        document.compatMode, document.fonts.status,
        ...media.map(query => matchMedia(query).matches),
        path(document.activeElement), document.activeElement?.matches(":focus-visible"),
        hovered.length ? path(hovered[hovered.length - 1]) : "",
        controls.join("\\u0000"),
        root.outerHTML.replace(/(name="csrfmiddlewaretoken" value=")[^"]*/g, "$1"),
    ].join("\\u0001");
    // Outside a secure context (no crypto.subtle) the state itself is the key.
    if (!crypto.subtle) return state;
    const bytes = new TextEncoder().encode(state);
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    return Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, "0")).join("");
}"""

# axe run on the current document, with the document's digest taken before and after: a
# document that changed while axe read it is checked, but its results are kept for no digest.
_AXE_RUN = (
    "async () => {const digest = "
    + _DOCUMENT_DIGEST
    + "; const before = await digest();"
    + " const results = await axe.run(document, {resultTypes: ['violations']});"
    + " const after = await digest(); return {results, digest: before === after ? before : null};}"
)

# axe's results by document digest, for the whole session: a document met again (the same
# page in another test, a check repeated on an unchanged page) is not read again, and any
# violation it holds fails each test that meets it.
_CHECKED: dict[str, dict] = {}


def _axe_results(page, axe_source, attempts=3):
    """axe-core's violations on the page, once the page a click led to has loaded.

    A link clicked just before may still be navigating: axe then reads a document being torn
    down. The page is checked again once the new one has loaded, never skipped."""
    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            known = _CHECKED.get(page.evaluate(_DOCUMENT_DIGEST))
            if known is not None:
                return copy.deepcopy(known)
            # A check after an htmx swap, or again on the same document, finds axe there.
            if page.evaluate("typeof window.axe") == "undefined":
                page.evaluate(axe_source)
            run = page.evaluate(_AXE_RUN)
        except PlaywrightError as error:
            if attempt == attempts - 1 or not any(m in str(error) for m in _NAVIGATION_RACES):
                raise
            page.wait_for_timeout(200)
            continue
        if run["digest"] is not None:
            _CHECKED[run["digest"]] = copy.deepcopy(run["results"])
        return run["results"]
    raise AssertionError("unreachable")


@pytest.fixture
def check_accessibility(axe_source):
    """Run axe-core on the current page; fail on any serious or critical violation."""

    def check(page):
        results = _axe_results(page, axe_source)
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + ", ".join(str(node["target"]) for node in v["nodes"][:5])
            for v in results["violations"]
            if v["impact"] in BLOCKING_IMPACTS
        ]
        assert blocking == [], f"{page.url}:\n" + "\n".join(blocking)
        return results

    return check


@pytest.fixture
def sign_in_browser(page, live_server):
    """Sign a user in the browser page by handing it a session cookie (no login form)."""
    from django.test import Client

    def sign_in(user):
        client = Client()
        client.force_login(user)
        page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )

    return sign_in


@pytest.fixture
def scheduling_world(transactional_db):
    """tests/world.py with three shortlisted candidates and two panels to schedule."""
    from tests.selection.scheduling_world import build_scheduling_world
    from tests.world import after_submissions, build_world

    # Interviews are planned and convened once submissions have closed (calls.guards).
    return build_scheduling_world(after_submissions(build_world()))
