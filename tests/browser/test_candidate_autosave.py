"""The candidate's form in a real browser: autosave, two tabs, an expired session, axe-core.

Nothing typed is lost: the draft is saved as the candidate types; a stale tab is told so
and keeps its text; an expired session is said clearly and, once the candidate has logged
in again in another tab, the next autosave goes through (its CSRF token is renewed).
"""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from playwright.sync_api import expect

from cohorte.calls.models import Application
from tests.factories import ApplicationCallFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
SAVED = "#autosave-status >> text=Brouillon enregistré à"


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def test_autosave_two_tabs_and_an_expired_session(live_server, page, check_accessibility):
    call = ApplicationCallFactory(slug="auto")
    user = UserFactory(username="auto")
    sign_in(page, live_server, user)
    url = f"{live_server.url}/appels/auto/candidature/"
    page.goto(url)
    check_accessibility(page)  # the start page: a link creates nothing (issue #16)
    assert not Application.objects.filter(candidate=user).exists()
    page.get_by_role("button", name="Commencer ma candidature").click()
    page.wait_for_selector("#formulaire-candidature")
    check_accessibility(page)
    question = call.questions.order_by("order", "pk").first()
    answer = page.locator(f"#id_q_{question.pk}")

    answer.fill("Première version")
    page.wait_for_selector(SAVED, timeout=5000)
    application = Application.objects.get(candidate=user)
    assert application.answers[str(question.pk)] == "Première version"
    assert page.locator("#id_revision").input_value() == str(application.revision)

    other_tab = page.context.new_page()
    other_tab.goto(url)
    answer.fill("Deuxième version")
    expect(page.locator("#id_revision")).to_have_value("2", timeout=5000)
    other_tab.locator(f"#id_q_{question.pk}").fill("Texte de l'autre onglet")
    other_tab.wait_for_selector("#autosave-status >> text=modifiée ailleurs", timeout=5000)
    assert other_tab.locator(f"#id_q_{question.pk}").input_value() == "Texte de l'autre onglet"
    application.refresh_from_db()
    assert application.answers[str(question.pk)] == "Deuxième version"
    other_tab.close()

    # Typing then saving at once: the button waits for the autosave, no false conflict.
    answer.fill("Troisième version")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_selector("main >> text=Brouillon enregistré à", timeout=5000)
    application.refresh_from_db()
    assert application.answers[str(question.pk)] == "Troisième version"

    Session.objects.all().delete()
    answer = page.locator(f"#id_q_{question.pk}")
    answer.fill("Après expiration")
    page.wait_for_selector("#autosave-status >> text=Votre session a expiré", timeout=5000)
    assert answer.input_value() == "Après expiration"

    user.set_password("un-mot-de-passe-solide-2026")
    user.save()
    login_tab = page.context.new_page()
    login_tab.goto(f"{live_server.url}/compte/login/")
    check_accessibility(login_tab)
    login_tab.fill("#id_login", user.email)
    login_tab.fill("#id_password", "un-mot-de-passe-solide-2026")
    login_tab.get_by_role("button", name="Connexion").click()
    login_tab.wait_for_url(re.compile(r".*/mon-espace/$"), timeout=5000)
    check_accessibility(login_tab)
    page.bring_to_front()
    answer.fill("Après reconnexion")
    page.wait_for_selector(SAVED, timeout=5000)
    application.refresh_from_db()
    assert application.answers[str(question.pk)] == "Après reconnexion"


def test_public_call_page_and_signup_are_accessible(live_server, page, check_accessibility):
    ApplicationCallFactory(slug="public", calendar="- juin : auditions", rules="Règles.")
    page.goto(f"{live_server.url}/appels/public/")
    check_accessibility(page)
    page.goto(f"{live_server.url}/appels/")
    check_accessibility(page)
    page.get_by_role("link", name="Voir l’appel et candidater").click()
    page.get_by_role("link", name="Candidater : créer un compte").click()
    assert "/compte/signup/" in page.url
    check_accessibility(page)
