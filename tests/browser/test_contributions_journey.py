"""Issue #13's proposed posts in Chromium with axe-core: a fellow proposes a post about her
défi, the team asks for changes, she edits and proposes it again, the team accepts and
publishes it, the post is on /blog/ and the fellow sees it "publiée"."""

import re

import pytest
from playwright.sync_api import expect

from cohorte.audit.models import ActivityLog
from cohorte.contributions.models import Contribution
from cohorte.notifications.models import OutboxMessage
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db(transaction=True)
TITLE = "Six mois avec les données de santé"


def test_a_fellow_proposes_a_post_that_the_team_publishes(
    live_server, page, check_accessibility, sign_in_browser, settings
):
    settings.SITE_URL = live_server.url
    world = build_cohort_world()

    # Camille opens her publications from the menu and writes a draft.
    sign_in_browser(world.users["fellow"])
    page.goto(live_server.url + "/mon-espace/")
    page.get_by_role("link", name="Mes publications").first.click()
    expect(page.locator("h1")).to_have_text("Mes publications")
    check_accessibility(page)
    page.get_by_role("link", name="Proposer une publication").click()
    expect(page.locator("h1")).to_have_text("Proposer une publication")
    page.get_by_role("button", name="Enregistrer le brouillon").click()  # nothing filled in
    expect(page.locator(".fr-alert--error")).to_contain_text("Donnez un titre à la publication.")
    check_accessibility(page)
    page.get_by_label("Titre", exact=True).fill(TITLE)
    page.get_by_label("Résumé").fill("Ce que nous avons appris à l'hôpital.")
    page.get_by_label("Texte (Markdown)").fill(
        "## Le début\n\nNous avons rencontré **vingt** équipes."
    )
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    check_accessibility(page)
    page.get_by_role("button", name="Proposer à l’équipe").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Publication proposée")
    contribution = Contribution.objects.get()
    assert contribution.status == Contribution.Status.SUBMITTED

    # The team asks for changes from the review page.
    sign_in_browser(world.users["team"])
    page.goto(live_server.url + "/gestion/contributions/?etat=submitted")
    check_accessibility(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".public-richtext strong")).to_have_text("vingt")
    check_accessibility(page)
    page.get_by_role("button", name="Demander des modifications").click()  # no comment
    expect(page.locator("#id_modifications-body-messages")).to_have_text(
        "Précisez les modifications demandées à l'auteur·rice."
    )
    page.get_by_label("Modifications demandées").fill("Ajoutez une conclusion, s'il vous plaît.")
    page.get_by_role("button", name="Demander des modifications").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Modifications demandées")

    # Camille reads the request, edits and proposes again.
    sign_in_browser(world.users["fellow"])
    page.goto(live_server.url + "/mon-espace/publications/")
    expect(page.locator("tbody tr").first).to_contain_text("modifications demandées")
    expect(page.locator("tbody tr").first).to_contain_text("Ajoutez une conclusion")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Modifier").click()
    expect(page.locator("h1")).to_have_text("Modifier la publication")
    body = page.get_by_label("Texte (Markdown)")
    body.fill(body.input_value() + "\n\n## Conclusion\n\nÀ suivre.")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_role("button", name="Proposer de nouveau à l’équipe").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Publication proposée")

    # The team accepts, then publishes now.
    sign_in_browser(world.users["team"])
    page.goto(live_server.url + f"/gestion/contributions/{contribution.pk}/")
    page.get_by_role("button", name="Accepter").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Publication acceptée")
    check_accessibility(page)
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Publication créée sur le blog")

    # The post is on the blog.
    page.goto(live_server.url + "/blog/")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("article")).to_contain_text("À suivre.")
    expect(page.locator("article")).to_contain_text("Camille Roux")
    check_accessibility(page)

    # Camille sees it published, with the link.
    sign_in_browser(world.users["fellow"])
    page.goto(live_server.url + "/mon-espace/publications/")
    expect(page.locator("tbody tr").first).to_contain_text("publiée")
    check_accessibility(page)

    actions = set(ActivityLog.objects.values_list("action", flat=True))
    assert {
        "contributions.created", "contributions.updated", "contributions.submitted",
        "contributions.changes_requested", "contributions.accepted", "contributions.published",
    } <= actions  # fmt: skip
    published = OutboxMessage.objects.get(subject=f"Publication en ligne : {TITLE}")
    assert published.to == ["camille@example.org"]
    assert re.search(
        rf"{re.escape(live_server.url)}/blog/six-mois-avec-les-donnees-de-sante/", published.body
    )
