"""The privacy notice tells candidates what is kept, who sees it and for how long."""

import html

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_privacy_notice_covers_applications(client):
    response = client.get(reverse("public:privacy"))
    assert response.status_code == 200
    page = " ".join(html.unescape(response.content.decode()).split())
    for heading in (
        "<h2>Les candidatures aux appels</h2>",
        "<h3>Ce qui est collecté</h3>",
        "<h3>Pourquoi</h3>",
        "<h3>Qui les voit</h3>",
        "<h3>Combien de temps</h3>",
        "<h3>Vos droits sur votre candidature</h3>",
    ):
        assert heading in page
    assert "les mentors des défis que vous avez choisis" in page
    assert "un nombre de mois après l’envoi de la décision fixé par chaque appel" in page
    assert "Depuis « Mon espace », vous pouvez à tout moment télécharger" in page
    assert 'href="mailto:' in page
