"""The Django admin, kept for superusers: its call and proposal pages in French, under axe."""

import pytest

from tests.factories import ProjectCallFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_call_and_proposal_pages_have_no_critical_violation(
    live_server, page, check_accessibility, sign_in_browser, csp_refusals
):
    proposal = ProposalFactory(call=ProjectCallFactory(), title="Défi des données ouvertes")
    call = proposal.call
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    sign_in_browser(root)
    for path in (
        "/admin/",
        "/admin/calls/call/",
        f"/admin/calls/call/{call.pk}/change/",
        "/admin/projects/proposal/",
        f"/admin/projects/proposal/{proposal.pk}/change/",
        f"/admin/projects/projectcallsettings/{call.project_settings.pk}/change/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert csp_refusals == [], path  # the page itself refuses nothing under the policy
        check_accessibility(page)
        # axe-core's own probes on the admin's widgets set inline styles the policy blocks:
        # those refusals come from the test tool, not from the page.
        csp_refusals.clear()
    # The proposal reads as a labelled sheet, never as raw JSON.
    page.goto(f"{live_server.url}/admin/projects/proposal/{proposal.pk}/change/")
    text = page.locator("#content").inner_text()
    assert "Fiche détaillée" in text
    assert "Contexte et problématique à résoudre" in text
    assert '"sections"' not in text
    page.goto(f"{live_server.url}/admin/")
    assert "appels et candidatures" in page.locator("#content").inner_text().lower()
