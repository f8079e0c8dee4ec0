"""The decisions page in Chromium at the size of a call: a view and a page of the table,
ticking rows to stage them at once, the row's own "Préparer" still swapping by htmx;
axe-core on each state of the page, and the preselection list with its search."""

import pytest

from cohorte.audit.models import ActivityLog
from cohorte.selection.models import Decision, RankingEntry
from cohorte.selection.views import decisions as views
from tests.factories import ApplicationChoiceFactory, ApplicationFactory
from tests.world import after_interviews, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_view_a_page_and_ticked_rows_staged_at_once(
    live_server, page, check_accessibility, sign_in_browser, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    world = after_interviews(build_world())
    made = []
    for name in ("Arnaud", "Bertin", "Colin", "Dupont"):
        application = ApplicationFactory(call=world.call, first_name="", last_name=name)
        ApplicationChoiceFactory(application=application, challenge=world.challenge)
        made.append(application)
    RankingEntry.objects.create(
        call=world.call, challenge=world.challenge, application=made[0], position=1
    )
    sign_in_browser(world.team)
    page.goto(f"{live_server.url}/jurys/decisions/?appel={world.call.slug}")
    main = page.locator("main")
    assert "Toutes (6)" in main.inner_text() and "Classées par un jury (1)" in main.inner_text()
    assert page.locator("tr[id^=candidature-]").count() == 3
    check_accessibility(page)

    page.get_by_role("link", name="Page suivante").click()
    page.wait_for_url("**page=2**")
    assert page.locator("tr[id^=candidature-]").count() == 3
    page.get_by_role("link", name="Sans décision (6)").click()
    page.wait_for_url("**vue=sans-decision**")
    page.get_by_label("Cocher Arnaud").check(force=True)
    page.get_by_label("Cocher Bertin").check(force=True)
    page.get_by_label("Décision à préparer pour les candidatures cochées").select_option(
        label="non retenu·e"
    )
    page.get_by_role("button", name="Préparer la décision des candidatures cochées").click()
    page.get_by_text("2 décision(s) préparée(s) pour les candidatures cochées.").wait_for()
    assert "vue=sans-decision" in page.url
    assert sorted(Decision.objects.values_list("application__last_name", "outcome")) == [
        ("Arnaud", "not_selected"),
        ("Bertin", "not_selected"),
    ]
    assert ActivityLog.objects.filter(action="decision.staged").count() == 2
    assert "Sans décision (4)" in main.inner_text()
    check_accessibility(page)

    # The row's own form still swaps the row by htmx (Colin is now on the view's first page).
    row = page.locator(f"#candidature-{made[2].pk}")
    row.locator(f"#d{made[2].pk}-outcome").select_option("not_selected")
    row.get_by_role("button", name="Préparer").click()
    page.locator(f"#candidature-{made[2].pk} .fr-badge").get_by_text("non retenu·e").wait_for()
    assert Decision.objects.filter(application=made[2]).exists()
    check_accessibility(page)


def test_the_preselection_list_searches_and_pages(
    live_server, page, check_accessibility, sign_in_browser
):
    world = build_world()
    world.application.first_name, world.application.last_name = "Paul", "Éluard"
    world.application.save()
    sign_in_browser(world.team)
    page.goto(f"{live_server.url}/evaluation/?appel={world.call.slug}")
    page.locator("#filtre-recherche").fill("eluard")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    page.wait_for_url("**q=eluard**")
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "Paul Éluard" in rows.inner_text()
    check_accessibility(page)
