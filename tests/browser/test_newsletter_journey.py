"""Issue #13's newsletter journey in Chromium with axe-core: a visitor subscribes, confirms by
the e-mailed link, the team composes, tests and sends an edition, the visitor receives it and
unsubscribes in one click from the link of the message."""

import datetime
import json
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client

from cohorte.newsletter import tasks
from cohorte.newsletter.models import Edition, Subscriber
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.sealing import unseal
from cohorte.notifications.tasks import deliver
from tests.cohort_world import build_cohort_world
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime.datetime(2027, 3, 15, 9, 30, tzinfo=datetime.UTC)


def link(message: OutboxMessage, kind: str) -> str:
    body = json.loads(unseal(message.sealed_body))["body"]
    return re.search(rf"https?://\S+(/lettre/{kind}/\S+/)", body).group(1)


def test_subscribe_confirm_receive_and_unsubscribe(
    live_server, browser, page, check_accessibility, settings
):
    settings.SITE_URL = live_server.url
    with time_machine.travel(NOW, tick=True):
        world = build_cohort_world()
        # Dated here: an edition offers the last four months' posts only.
        PostFactory(
            title="Retour sur la promotion 7",
            description="Dix mois de défis.",
            published_at=NOW - datetime.timedelta(days=3),
        )

        # A visitor subscribes to the articles from the page the footer leads to.
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Lettre d’information").click()
        assert page.locator("h1").inner_text() == "Recevoir la lettre d’information"
        check_accessibility(page)
        page.get_by_role("button", name="M’inscrire").click()  # nothing filled in
        assert "Choisissez au moins un sujet." in page.locator(".fr-alert--error").inner_text()
        check_accessibility(page)
        page.get_by_label("Votre adresse e-mail").fill("lecteur@example.org")
        page.get_by_label("Les articles et actualités").check(force=True)
        page.get_by_role("button", name="M’inscrire").click()
        assert "Vérifiez votre boîte de réception" in page.locator(".fr-alert").inner_text()

        # The confirmation link of the e-mail asks for one click.
        confirmation = OutboxMessage.objects.get(to=["lecteur@example.org"])
        page.goto(live_server.url + link(confirmation, "confirmer"))
        check_accessibility(page)
        page.get_by_role("button", name="Confirmer mon inscription").click()
        assert "Votre inscription est confirmée" in page.locator(".fr-alert").inner_text()
        assert Subscriber.objects.get().confirmed_at is not None

        # The team composes an edition with the article, sends itself a test, then sends.
        client = Client()
        client.force_login(world.users["team"])
        team_page = browser.new_context().new_page()
        team_page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        team_page.goto(live_server.url + "/gestion/lettre/")
        check_accessibility(team_page)
        team_page.get_by_role("link", name="Nouvelle lettre").click()
        team_page.get_by_label("Objet").fill("La lettre de mars")
        team_page.get_by_label("Texte d'introduction").fill("Bonjour à toutes et à tous.")
        team_page.get_by_label("Retour sur la promotion 7").check(force=True)
        team_page.get_by_label("Abonné·es aux articles").check(force=True)
        check_accessibility(team_page)
        team_page.get_by_role("button", name="Enregistrer et voir l’aperçu").click()
        assert team_page.locator("h1").inner_text() == "La lettre de mars"
        assert "Retour sur la promotion 7" in team_page.locator(".fr-card").inner_text()
        check_accessibility(team_page)
        team_page.get_by_role("button", name=re.compile("M’envoyer un test")).click()
        team_page.get_by_role("button", name="Envoyer aux abonné·es").click()
        assert "Envoi commencé" in team_page.locator(".fr-alert, .fr-notice").first.inner_text()
        assert tasks.send_batch.call(Edition.objects.get().pk) == "sent"

        # The visitor receives it and unsubscribes in one click from its link.
        edition_mail = OutboxMessage.objects.get(
            to=["lecteur@example.org"], kind=OutboxMessage.Kind.NEWSLETTER
        )
        assert deliver.call(edition_mail.pk) == "sent"
        received = mail.outbox[-1]
        assert received.subject == "La lettre de mars"
        assert "Retour sur la promotion 7" in received.body
        page.goto(live_server.url + link(edition_mail, "desinscription"))
        check_accessibility(page)
        page.get_by_role("button", name="Me désinscrire").click()
        assert "Vous êtes désinscrit·e" in page.locator(".fr-alert").inner_text()
        assert not Subscriber.objects.exists()
