"""Browser tests: Playwright driving Debian's Chromium, with axe-core on every page."""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
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
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium (.ci/run does)")
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


def _axe_results(page, axe_source, attempts=3):
    """axe-core's violations on the page, once the page a click led to has loaded.

    A link clicked just before may still be navigating: axe then reads a document being torn
    down. The page is checked again once the new one has loaded, never skipped."""
    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            page.evaluate(axe_source)
            return page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})"
            )
        except PlaywrightError as error:
            if attempt == attempts - 1 or not any(m in str(error) for m in _NAVIGATION_RACES):
                raise
            page.wait_for_timeout(200)
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
