"""An exit survey in Chromium with axe-core on every page: the team builds and sends it, a
fellow answers through their personal link, the team reads the results."""

import datetime
import json
import re

import pytest
import time_machine
from django.utils import timezone

from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.sealing import unseal
from cohorte.surveys import domain
from cohorte.surveys.models import Response, Survey
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    return build_cohort_world()


def _secret(address):
    message = OutboxMessage.objects.get(to=[address])
    body = json.loads(unseal(message.sealed_body))["body"]
    return re.search(r"/questionnaires/([A-Za-z0-9_-]+)/", body).group(1)


def test_build_send_answer_and_read_a_survey(
    live_server, page, check_accessibility, sign_in_browser, world
):
    with time_machine.travel(datetime.datetime(2027, 11, 20, 10, tzinfo=datetime.UTC), tick=True):
        sign_in_browser(world.users["team"])
        page.goto(live_server.url + "/mon-espace/")
        page.get_by_role("link", name="Questionnaires de sortie").first.click()
        check_accessibility(page)
        page.get_by_role("link", name="Promotion 11").click()
        page.get_by_role("link", name="Nouveau questionnaire").click()
        page.get_by_label("titre").fill("Bilan de fin de programme")
        page.get_by_label("EIG", exact=True).check(force=True)
        page.get_by_label("clôture le").fill("2027-11-01T18:00")  # in the past: refused
        page.get_by_role("button", name="Enregistrer le questionnaire").click()
        assert "La date de clôture doit être dans le futur." in page.locator("main").inner_text()
        check_accessibility(page)
        page.get_by_label("clôture le").fill("2027-12-10T18:00")
        page.get_by_role("button", name="Enregistrer le questionnaire").click()
        assert page.locator("h1").inner_text() == "Bilan de fin de programme"
        check_accessibility(page)
        for kind, label, choices in [
            ("note de 1 à 5", "Le programme vous a-t-il aidé·e ?", ""),
            ("un choix parmi plusieurs", "Où travaillez-vous ?", "Dans l’État\nAilleurs"),
        ]:
            page.get_by_role("link", name="Ajouter une question").click()
            page.get_by_label(kind, exact=True).check(force=True)
            page.get_by_label("Question", exact=True).fill(label)
            page.get_by_label("Choix proposés").fill(choices)
            page.get_by_role("button", name="Enregistrer la question").click()
        check_accessibility(page)
        page.get_by_role("link", name="Aperçu").click()
        assert "Vos réponses sont anonymes" in page.locator("main").inner_text()
        check_accessibility(page)
        page.go_back()
        page.get_by_role("button", name="Envoyer le questionnaire").click()
        assert "Le questionnaire est envoyé à 3 personnes." in page.locator("main").inner_text()
        check_accessibility(page)

        page.context.clear_cookies()
        page.goto(f"{live_server.url}/questionnaires/{_secret('lea@example.org')}/")
        check_accessibility(page)
        page.get_by_role("button", name="Envoyer mes réponses").click()  # nothing chosen
        assert "Répondez à cette question." in page.locator("main").inner_text()
        check_accessibility(page)
        page.get_by_label("4").check(force=True)
        page.get_by_label("Ailleurs").check(force=True)
        page.get_by_role("button", name="Envoyer mes réponses").click()
        assert "Merci : vos réponses sont enregistrées." in page.locator("main").inner_text()
        check_accessibility(page)
        assert Response.objects.get().invitation is None
        # Two more fellows answer alike: an anonymous survey shows its results from three.
        survey = Survey.objects.get()
        for address in ("camille@example.org", "alex@example.org"):
            scale, single = survey.questions.all()
            domain.answer(_secret(address), {scale.pk: 4, single.pk: "Ailleurs"}, timezone.now())

        sign_in_browser(world.users["director"])
        page.goto(f"{live_server.url}/gestion/promotions/{world.cohort.pk}/questionnaires/")
        assert "3 sur 3" in page.locator("main").inner_text()
        check_accessibility(page)
        page.get_by_role("link", name="Bilan de fin de programme").click()
        page.get_by_role("link", name="Résultats").click()
        assert page.url.endswith(f"/questionnaires/{survey.pk}/resultats/")
        main = page.locator("main").inner_text()
        assert "Taux de réponse : 3 sur 3 (100 %)" in main
        assert "moyenne : 4,00" in main
        check_accessibility(page)
