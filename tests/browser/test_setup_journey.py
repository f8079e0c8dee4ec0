"""Issue #15's first run in Chromium with axe-core: a new instance opens on its setup, the
operator describes the programme with the code from the server's log, creates the team's
account and the first cohort, imports EIG's template and takes back its own words, then opens
the first call; the site then speaks of the new programme."""

import datetime
import logging
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cohorte.calls.models import Call
from cohorte.content.models import Page
from cohorte.programmes import setup
from cohorte.programmes.call_defaults import EIG_STATEMENTS
from cohorte.programmes.models import Programme
from cohorte.programmes.templates_io import EIG_FILE as EIG_TEMPLATE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def new_instance(settings):
    settings.COHORTE_SETUP_REQUIRED = True
    setup.forget()
    yield
    setup.forget()


def _fill_identity(page):
    """The programme's name and words, as the setup and the settings ask them."""
    page.get_by_label("Nom du programme").fill("Talents du numérique")
    page.get_by_label("Nom court").fill("TDN")
    page.get_by_label("Nom d'un·e lauréat·e").fill("talent")
    page.get_by_label("Nom des lauréat·es").fill("talents")
    page.get_by_label("Ministère ou opérateur qui le porte").fill("le ministère de la Culture")
    page.get_by_label("Bloc marque").fill("Ministère\nde la Culture")


def test_a_new_instance_from_its_setup_to_its_first_call(
    live_server, page, check_accessibility, new_instance, settings, caplog
):
    settings.SITE_URL = live_server.url
    with caplog.at_level(logging.WARNING, logger="cohorte.programmes.setup"):
        page.goto(live_server.url + "/defis/")
        assert page.locator("h1").inner_text() == "Installation nécessaire"
        check_accessibility(page)
        page.get_by_role("link", name="Continuer l’installation").click()
        page.wait_for_url("**/installation/")
    code = re.search(r"code d'installation (\S+)", caplog.text).group(1)
    check_accessibility(page)

    # Step 1, first with a wrong code: the form says so and keeps what was typed.
    page.get_by_label("Code d'installation").fill("000000-000000-000000")
    _fill_identity(page)
    page.get_by_label("Présentation (Markdown)").fill("Des talents du numérique à la Culture.")
    page.get_by_label("Adresse de contact").fill("talents@culture.gouv.fr")
    page.get_by_role("button", name="Enregistrer le programme").click()
    assert (
        "Ce n'est pas le code écrit dans le journal du serveur."
        in page.locator("main").inner_text()
    )
    check_accessibility(page)
    page.get_by_label("Code d'installation").fill(code)
    page.get_by_role("button", name="Enregistrer le programme").click()
    page.wait_for_url("**/installation/")

    # Step 2: the team's account.
    assert "Étape 2 sur 3" in page.locator("main").inner_text()
    check_accessibility(page)
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Nom", exact=True).fill("Martin")
    page.get_by_label("Adresse électronique").fill("ines.martin@culture.gouv.fr")
    page.locator("#id_password1").fill("une phrase de passe solide")
    page.get_by_label("Mot de passe (confirmation)").fill("une phrase de passe solide")
    page.get_by_role("button", name="Créer le compte de l’équipe").click()
    page.wait_for_url("**/installation/")

    # Step 3: the first cohort, then the call form.
    assert "Étape 3 sur 3" in page.locator("main").inner_text()
    check_accessibility(page)
    page.get_by_label("Nom de la promotion").fill("Talents 1")
    page.get_by_role("button", name="Créer la promotion et terminer").click()
    page.wait_for_url("**/gestion/configuration/nouvel-appel/?promotion=*")
    assert "L'installation est terminée" in page.locator("main").inner_text()
    check_accessibility(page)

    # It starts from EIG's template (pages, FAQ, e-mails, call forms and grids), then takes
    # back its own name and words in its settings.
    page.goto(live_server.url + "/gestion/parametres/modele/")
    check_accessibility(page)
    page.get_by_label("Fichier du modèle (JSON)").set_input_files(str(EIG_TEMPLATE))
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_role("table", name="Ce que l’import va faire")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.locator(".fr-alert--success")).to_contain_text("Modèle importé")
    check_accessibility(page)
    programme = Programme.objects.get()
    assert programme.default_statements == EIG_STATEMENTS
    assert Page.objects.filter(slug="mentions-legales").exists()
    page.goto(live_server.url + "/gestion/parametres/")
    _fill_identity(page)
    page.get_by_role("button", name="Enregistrer les paramètres").click()
    expect(page.locator("header .fr-header__service-title")).to_have_text("Talents du numérique")
    check_accessibility(page)
    page.goto(live_server.url + "/gestion/configuration/nouvel-appel/")
    opens = timezone.localtime() - datetime.timedelta(hours=1)
    closes = opens + datetime.timedelta(days=30)
    page.locator("label[for=id_kind_1]").click()
    page.get_by_label("Titre").fill("Appel à talents 2027")
    page.get_by_label("Ouverture du dépôt").fill(opens.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Clôture du dépôt").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Créer l’appel").click()
    page.wait_for_url("**/gestion/configuration/*/")
    call = Call.objects.get(title="Appel à talents 2027")
    assert list(call.statements.values_list("text", flat=True)) == EIG_STATEMENTS
    assert (call.title, call.cohort.name, call.kind) == (
        "Appel à talents 2027",
        "Talents 1",
        "applications",
    )

    # The site is the new programme's now, and the setup is closed.
    page.goto(live_server.url + "/")
    header = page.locator("header").inner_text()
    # The DSFR writes the "bloc marque" in capitals.
    assert "Talents du numérique" in header and "MINISTÈRE\nDE LA CULTURE" in header
    assert "Devenir talent" in page.locator("main").inner_text()
    check_accessibility(page)
    assert page.goto(live_server.url + "/installation/").status == 404
