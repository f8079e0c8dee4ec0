"""Issue #13 §3 in Chromium with axe-core: the team creates a tracked link for its call and
asks how candidates heard of it; a candidate arrives by the link, consents to keep it, applies
and submits; the diffusion figures show one submitted application for that link."""

import re

import pytest
from django.test import Client
from pypdf import PdfWriter

from cohorte.calls.models import Application
from cohorte.campaigns.models import Channel
from cohorte.challenges.models import Challenge
from tests.factories import ApplicationCallFactory, ChallengeFactory, UserFactory, team_and_director

pytestmark = pytest.mark.django_db(transaction=True)


def _signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    page = browser.new_context(locale="fr-FR").new_page()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value,
          "url": live_server.url}]
    )  # fmt: skip
    return page


def _tick(page, input_id):
    # DSFR draws checkboxes and radios on the label: the input itself is out of sight.
    page.locator(f"label[for='{input_id}']").click()


def test_a_tracked_link_counts_the_application_it_brought(
    live_server, browser, page, check_accessibility, sign_in_browser, settings, tmp_path
):
    settings.SITE_URL = live_server.url
    call = ApplicationCallFactory(slug="eig-9", title="Appel à candidatures EIG 9")
    challenge = ChallengeFactory(cohort=call.cohort, title="Données de l’eau",
                                 status=Challenge.Status.PUBLISHED)  # fmt: skip
    call.challenges.add(challenge)
    team, _ = team_and_director()
    diffusion = f"{live_server.url}/gestion/appels/{call.pk}/diffusion/"

    # The team reaches the diffusion from the call's dashboard and creates a tracked link.
    team_page = _signed_in(browser, live_server, team)
    team_page.goto(f"{live_server.url}/gestion/appels/{call.pk}/")
    team_page.get_by_role("link", name="Diffusion de l’appel").click()
    team_page.wait_for_url(diffusion)
    check_accessibility(team_page)
    team_page.get_by_role("link", name="Nouveau lien suivi").click()
    team_page.wait_for_url("**/liens/nouveau/")
    check_accessibility(team_page)
    team_page.get_by_label("Libellé").fill("LinkedIn")
    team_page.fill("#id_slug", "linkedin")
    team_page.get_by_label("Source (utm_source)").fill("LinkedIn")  # capitals are refused
    team_page.get_by_label("Support (utm_medium)").fill("social")
    team_page.get_by_role("button", name="Enregistrer").click()
    error = team_page.locator(".fr-alert--error")
    error.wait_for()
    assert "Source (utm_source) : Utilisez seulement des lettres minuscules" in error.inner_text()
    check_accessibility(team_page)
    team_page.get_by_label("Source (utm_source)").fill("linkedin")
    team_page.get_by_role("button", name="Enregistrer").click()
    team_page.wait_for_url(diffusion)
    check_accessibility(team_page)
    link = team_page.get_by_label("Lien suivi : LinkedIn").input_value()
    assert link == (
        f"{live_server.url}/appels/eig-9/?utm_source=linkedin&utm_medium=social&utm_campaign=eig-9"
    )

    # It asks how candidates heard of the call.
    team_page.get_by_role("link", name="Question « comment avez-vous connu l’appel ? »").click()
    team_page.wait_for_url("**/question/")
    team_page.get_by_label("Réponses proposées, une par ligne").fill(
        "Réseaux sociaux\nBouche-à-oreille"
    )
    team_page.get_by_role("button", name="Enregistrer").click()
    team_page.wait_for_url(diffusion)

    # A candidate follows the link, starts with their answer and consent, then submits.
    candidate = UserFactory(username="nora", first_name="Nora", last_name="Belkacem")
    sign_in_browser(candidate)
    page.goto(link)
    check_accessibility(page)
    page.goto(f"{live_server.url}/appels/eig-9/candidature/")
    assert page.locator("h1").inner_text() == "Candidater : Appel à candidatures EIG 9"
    check_accessibility(page)
    page.get_by_text("Réseaux sociaux").click()
    _tick(page, "id_link_consent")
    page.get_by_role("button", name="Commencer ma candidature").click()
    page.wait_for_selector("#id_first_name")
    check_accessibility(page)
    questions = list(call.questions.order_by("order", "pk"))
    page.fill("#id_phone", "06 12 34 56 78")
    for question in questions:
        page.fill(f"#id_q_{question.pk}", "Huit ans de services publics numériques.")
    cv = tmp_path / "cv.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with open(cv, "wb") as handle:
        writer.write(handle)
    page.set_input_files("#id_cv", str(cv))
    page.select_option("#choix-1", label=challenge.title)
    for index in range(call.statements.count()):
        _tick(page, f"id_statements_{index}")
    page.wait_for_selector("#autosave-status >> text=Brouillon enregistré à")
    page.get_by_role("button", name="Déposer ma candidature").click()
    page.wait_for_url("**/candidature/recepisse/")
    application = Application.objects.get(candidate=candidate)
    assert application.status == Application.Status.SUBMITTED
    assert application.arrival.channel == Channel.objects.get(call=call)

    # The figures show the application under its link, and its answer.
    team_page.get_by_role("link", name="Résultats par canal").click()
    team_page.wait_for_url("**/resultats/")
    check_accessibility(team_page)
    rows = team_page.locator("#par-canal + .fr-table tbody tr")
    cells = [re.sub(r"\s+", " ", text).strip() for text in rows.all_inner_texts()]
    assert cells[0] == "LinkedIn 1 1 0 0"
    assert cells[1] == "Sans lien suivi (ou sans accord) 0 0 0 0"
    answers = team_page.locator("#par-reponse + .fr-table tbody tr").all_inner_texts()
    assert re.sub(r"\s+", " ", answers[0]).strip() == "Réseaux sociaux 1 1 0 0"
