"""Addresses of the former sites and former slugs lead to the current pages."""

import pytest

from cohorte.challenges.models import Challenge
from tests.factories import ChallengeFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_former_challenge_slug_without_hyphens_redirects_permanently(client):
    ChallengeFactory(slug="signauxfaibles")

    response = client.get("/defis/signaux-faibles/")

    assert response.status_code == 301
    assert response["Location"] == "/defis/signauxfaibles/"


def test_former_person_slug_redirects_permanently(client):
    PersonFactory(slug="jean-pierre-martin")

    response = client.get("/personnes/jeanpierre-martin/")

    assert response.status_code == 301
    assert response["Location"] == "/personnes/jean-pierre-martin/"


def test_jekyll_addresses_redirect_to_the_current_pages(client):
    ChallengeFactory(slug="archifiltre")
    PersonFactory(slug="antoine-augusti")

    assert client.get("/defis/2018/archifiltre.html")["Location"] == "/defis/archifiltre/"
    assert client.get("/communaute/2018/antoine-augusti.html")["Location"] == (
        "/personnes/antoine-augusti/"
    )
    assert client.get("/faq-eig.html")["Location"] == "/faq/candidats/"
    assert client.get("/defis.html").status_code == 301


def test_redirects_never_reveal_drafts_or_private_people(client):
    ChallengeFactory(slug="secret", status=Challenge.Status.DRAFT)
    PersonFactory(slug="discrete", is_public=False)

    assert client.get("/defis/2019/secret.html").status_code == 404
    assert client.get("/defis/se-cret/").status_code == 404
    assert client.get("/personnes/dis-crete/").status_code == 404
    assert client.get("/communaute/2019/discrete.html").status_code == 404
