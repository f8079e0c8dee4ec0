"""A database out of reach (a restart): the visitor is told to try again, never a bare 500."""

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.outage import database_out_of_reach

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_request_that_meets_the_database_down_gets_a_503_asking_to_try_again():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())

    with database_out_of_reach():
        response = client.get("/mon-espace/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "<h1>Service momentanément indisponible</h1>" in page
    assert (
        '<h2 class="fr-alert__title">Le service redémarre : réessayez dans quelques instants.</h2>'
        in page
    )
    # Once the database answers again, so does the same page.
    assert client.get("/mon-espace/").status_code == 200
