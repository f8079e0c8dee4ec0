"""The team configures both calls from /gestion/ in Chromium, axe-core on every page."""

import datetime

import pytest

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Call
from cohorte.projects.models import FundingRules, ProjectCallSettings
from cohorte.public.formats import PARIS
from tests.factories import CohortFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _team():
    from cohorte.accounts.roles import add_to_team

    user = UserFactory(username="claire", first_name="Claire", last_name="Martin")
    add_to_team(user)
    return user


def _create_call(page, live_server, check_accessibility, kind_id, title):
    page.goto(live_server.url + "/gestion/")
    page.get_by_role("link", name="Créer un appel").click()
    page.wait_for_url("**/gestion/configuration/nouvel-appel/")
    check_accessibility(page)
    page.locator(f"label[for={kind_id}]").click()
    page.get_by_label("Promotion").select_option(label="EIG 8")
    page.get_by_label("Titre").fill(title)
    page.get_by_label("Nom de la première session").fill("Printemps")
    page.get_by_label("Ouverture du dépôt").fill("2027-03-01T09:00")
    page.get_by_label("Clôture du dépôt").fill("2027-02-01T23:00")  # before the opening
    page.get_by_role("button", name="Créer l’appel").click()
    assert (
        "Clôture du dépôt : elle doit venir après l’ouverture."
        in page.locator("[role=alert]").inner_text()
    )
    check_accessibility(page)
    assert not Call.objects.filter(title=title).exists()
    page.get_by_label("Clôture du dépôt").fill("2027-04-15T23:00")
    page.get_by_role("button", name="Créer l’appel").click()
    page.wait_for_url("**/gestion/configuration/*/")
    check_accessibility(page)
    return Call.objects.get(title=title)


def test_team_configures_a_call_for_applications(live_server, page, check_accessibility,
                                                 sign_in_browser):  # fmt: skip
    CohortFactory(name="EIG 8")
    sign_in_browser(_team())
    call = _create_call(page, live_server, check_accessibility, "id_kind_1", "Candidatures EIG 8")
    assert call.opens_at == datetime.datetime(2027, 3, 1, 9, tzinfo=PARIS)

    # A second round moves the call's closing: one set of dates.
    page.get_by_role("link", name="Sessions").click()
    page.wait_for_url("**/sessions/")
    check_accessibility(page)
    page.get_by_label("Nom").fill("Automne")
    page.get_by_label("Ouverture des candidatures").fill("2027-09-01T09:00")
    page.get_by_label("Clôture des candidatures").fill("2027-10-01T23:00")
    page.get_by_role("button", name="Ajouter la session").click()
    page.wait_for_url("**/sessions/")
    assert "La session « Automne » est ajoutée." in page.locator("main").inner_text()
    call.refresh_from_db()
    assert call.closes_at == datetime.datetime(2027, 10, 1, 23, tzinfo=PARIS)
    page.get_by_role("link", name="Modifier la session « Automne »").click()
    check_accessibility(page)
    page.get_by_role("link", name="Annuler").click()

    # Two questions, the second moved up, the preview following.
    page.get_by_role("link", name="Formulaire de candidature").click()
    page.wait_for_url("**/questions/")
    check_accessibility(page)
    for label, kind in (("Votre parcours", "long_text"), ("Votre motivation", "short_text")):
        page.locator("#id_nouvelle-label").fill(label)
        page.locator("#id_nouvelle-kind").select_option(kind)
        page.get_by_label("Longueur maximale (caractères)").fill("1500")
        page.get_by_role("button", name="Ajouter la question").click()
        page.wait_for_url("**/questions/")
    preview = page.locator("#apercu")
    assert preview.get_by_label("Votre parcours").count() == 1
    page.get_by_role("button", name="Monter « Votre motivation »").click()
    page.wait_for_url("**/questions/#question-*")
    labels = preview.locator("label.fr-label").all_inner_texts()
    assert labels[0].startswith("Votre motivation")
    assert labels[1].startswith("Votre parcours")
    assert list(call.questions.values_list("label", flat=True)) == [
        "Votre motivation",
        "Votre parcours",
    ]
    page.get_by_role("button", name="Actualiser l’aperçu").click()
    page.wait_for_load_state("networkidle")
    assert preview.locator("label.fr-label").first.inner_text().startswith("Votre motivation")
    check_accessibility(page)
    page.get_by_role("link", name="Modifier « Votre parcours »").click()
    check_accessibility(page)
    page.get_by_role("link", name="Annuler").click()
    page.get_by_role("link", name="Modifier la déclaration n° 1").click()
    check_accessibility(page)
    page.get_by_role("link", name="Annuler").click()

    # The grid, then the défis and the announcement.
    page.get_by_role("link", name="Grille d’évaluation").click()
    check_accessibility(page)
    page.get_by_role(
        "button", name="Créer la grille avec les critères habituels du programme"
    ).click()
    page.wait_for_url("**/grille/")
    page.locator("#id_nouveau-label").fill("Sens du service public")
    page.locator("#id_nouveau-scale_max").fill("5")
    page.get_by_role("button", name="Ajouter le critère").click()
    page.wait_for_url("**/grille/")
    check_accessibility(page)
    call.refresh_from_db()
    assert call.grid.criteria.count() == 6
    assert call.grid.max_total == 25
    page.get_by_role("link", name="Modifier « Sens du service public »").click()
    check_accessibility(page)
    page.get_by_role("link", name="Annuler").click()

    page.get_by_role("link", name="Défis, profils et annonce").click()
    check_accessibility(page)
    page.get_by_label("Annonce publique des résultats").fill("2027-12-01T10:00")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url("**/choix/")
    call.refresh_from_db()
    assert call.announcement_at == datetime.datetime(2027, 12, 1, 10, tzinfo=PARIS)

    page.goto(live_server.url + "/gestion/configuration/")
    check_accessibility(page)
    page.get_by_role(
        "button", name="Dupliquer « Candidatures EIG 8 » pour la promotion suivante"
    ).click()
    page.wait_for_url("**/gestion/configuration/*/")
    assert Call.objects.filter(title="Candidatures EIG 8 (copie)").exists()
    assert set(ActivityLog.objects.values_list("action", flat=True)) >= {
        "call.created", "round.created", "question.created", "question.moved", "grid.created",
        "criterion.created", "call.changed", "call.duplicated",
    }  # fmt: skip


def test_team_configures_a_call_for_projects(live_server, page, check_accessibility,
                                             sign_in_browser):  # fmt: skip
    cohort = CohortFactory(name="EIG 8")
    sign_in_browser(_team())
    call = _create_call(page, live_server, check_accessibility, "id_kind_0", "Projets EIG 8")
    assert call.kind == "projects"

    page.get_by_role("link", name="Rubriques, auditions et cofinancement").click()
    page.wait_for_url("**/appel-a-projets/")
    check_accessibility(page)
    page.get_by_label("« Contexte et problématique à résoudre » (caractères au plus)").fill("1200")
    page.get_by_label("Pitch (minutes)").fill("15")
    page.get_by_role("button", name="Enregistrer les rubriques et les auditions").click()
    page.wait_for_url("**/appel-a-projets/")
    settings = ProjectCallSettings.objects.get(call=call)
    assert (settings.section_limits, settings.audition_minutes) == ({"problem": 1200}, 50)

    page.get_by_label("Durée du contrat (mois)").fill("12")
    page.get_by_label("Mois cofinancés par EIG").fill("14")
    page.get_by_role("button", name="Enregistrer le cofinancement").click()
    assert "Mois cofinancés par EIG : pas plus que la durée du contrat (12 mois)." in (
        page.locator("[role=alert]").inner_text()
    )
    check_accessibility(page)
    assert not FundingRules.objects.filter(cohort=cohort).exists()
    page.get_by_label("Mois cofinancés par EIG").fill("4")
    page.get_by_label("Enveloppe de cofinancement (€)").fill("1500000")
    page.get_by_role("button", name="Enregistrer le cofinancement").click()
    page.wait_for_url("**/appel-a-projets/")

    for label, salary in (("Jusqu’à 5 ans", "3500"), ("Plus de 5 ans", "4200")):
        page.get_by_label("Tranche d'expérience").fill(label)
        page.get_by_label("Salaire net mensuel (€)").fill(salary)
        page.get_by_role("button", name="Ajouter la tranche").click()
        page.wait_for_url("**/appel-a-projets/")
    check_accessibility(page)
    rules = FundingRules.objects.get(cohort=cohort)
    assert (rules.contract_months, rules.funded_months, rules.envelope) == (12, 4, 1500000)
    assert list(rules.bands.values_list("key", "net_monthly")) == [
        ("jusqua-5-ans", 3500),
        ("plus-de-5-ans", 4200),
    ]
    assert "4 200 €" in page.locator("table").last.inner_text().replace("\u202f", " ")
    page.get_by_role("link", name="Modifier « Plus de 5 ans »").click()
    check_accessibility(page)
    page.get_by_role("link", name="Annuler").click()

    page.get_by_role("link", name="Général", exact=True).click()
    check_accessibility(page)
    page.get_by_role("link", name="Annonce des résultats").click()
    check_accessibility(page)
    page.get_by_role("link", name="Grille d’évaluation").click()
    check_accessibility(page)
