"""The 404 and 500 pages."""

import pytest
from django.test import RequestFactory

from cohorte.public.views.errors import server_error

pytestmark = pytest.mark.django_db


def test_404_page_is_the_site_page(client):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page non trouvée</h1>" in page
    assert 'class="fr-header"' in page
    assert 'href="/plan-du-site/"' in page


def test_500_page_renders_without_database_or_context(django_assert_num_queries):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "<h1>Erreur inattendue</h1>" in page
    assert "/static/dsfr/dist/dsfr/dsfr.min.css" in page
