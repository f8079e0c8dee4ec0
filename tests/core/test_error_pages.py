"""Error pages in French and in the design system, for every kind of refusal; a refused
access logged as one line."""

import io
import logging

import pytest
from django.test import Client
from django.urls import reverse

from cohorte.log_filters import OneLineRefusals

pytestmark = pytest.mark.django_db
TEAM_PAGE = "/gestion/"


def test_a_signed_in_person_refused_a_page_is_told_what_to_do(client, world):
    client.force_login(world.candidate)
    response = client.get(TEAM_PAGE + "?x=1")
    assert response.status_code == 403
    text = response.content.decode()
    assert '<html lang="fr"' in text and 'class="fr-header' in text
    assert "<h1>Accès refusé</h1>" in text
    assert f"Vous êtes connecté·e avec le compte {world.candidate.email}" in text
    assert f'href="{reverse("accounts:home")}">Aller à mon espace</a>' in text
    assert f'action="{reverse("account_logout")}"' in text
    assert 'name="next" value="/compte/login/?next=/gestion/%3Fx%3D1"' in text
    assert "Me connecter avec un autre compte" in text


def test_the_admin_refuses_a_signed_in_person_in_the_same_words(client, world):
    client.force_login(world.candidate)
    response = client.get("/admin/login/")
    assert response.status_code == 403
    assert "<h1>Accès refusé</h1>" in response.content.decode()


def test_a_form_refused_by_the_csrf_check_says_the_page_expired(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.team)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 403
    text = response.content.decode()
    assert "<h1>Formulaire expiré</h1>" in text and 'class="fr-header' in text
    assert "Rien n’a été enregistré." in text
    assert f'href="{reverse("account_logout")}">Revenir à la page</a>' in text


def test_a_bad_request_gets_the_site_page(client):
    response = client.get("/", HTTP_HOST="pirate.example.org")
    assert response.status_code == 400
    text = response.content.decode()
    assert "<h1>Requête incorrecte</h1>" in text and "Erreur 400" in text


def test_with_debug_on_a_missing_page_is_the_site_page_not_django_s(client, settings):
    settings.DEBUG = True
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "<h1>Page non trouvée</h1>" in text and 'class="fr-header' in text
    assert "Using the URLconf" not in text


@pytest.fixture
def console():
    """What the site's console handler writes during the test."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, OneLineRefusals) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_refused_access_is_logged_once_on_one_line(client, world, console, settings):
    settings.DEBUG = True  # Django's own console handler writes in DEBUG only
    client.force_login(world.candidate)
    assert client.get(TEAM_PAGE).status_code == 403
    lines = console.getvalue().splitlines()
    assert lines == [lines[0]]
    assert lines[0].endswith("WARNING django.request Forbidden (Permission denied): /gestion/")
    assert world.candidate.email not in console.getvalue()
