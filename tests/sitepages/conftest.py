"""The site pages' editors' tests: a team member's client, pages read as text."""

import html

import pytest

from cohorte.accounts.roles import add_to_team
from tests.factories import UserFactory


@pytest.fixture
def team_client(client, db):
    user = UserFactory(email="redaction@example.org", first_name="Rita", last_name="Daction")
    add_to_team(user)
    client.force_login(user)
    client.user = user
    return client


def text(response) -> str:
    """A response's HTML with its entities decoded and its white space folded."""
    return " ".join(html.unescape(response.content.decode()).split())
