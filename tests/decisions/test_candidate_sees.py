"""The candidate learns the decision only once it is sent, never while staged or validated."""

import html

import pytest
from django.urls import reverse

from cohorte.selection import decisions as domain
from tests.decisions.conftest import staged

pytestmark = pytest.mark.django_db

SELECTED = "Félicitations ! Vous êtes retenu·e pour le défi « Défi choisi »"


def candidate_page(client, world) -> str:
    client.force_login(world.candidate)
    response = client.get(reverse("calls:application", args=[world.call.slug]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def home_page(client, world) -> str:
    client.force_login(world.candidate)
    return html.unescape(client.get(reverse("accounts:home")).content.decode())


def test_staged_and_validated_decisions_stay_hidden_then_sent_shows(client, world):
    decision = staged(world)
    assert SELECTED not in candidate_page(client, world)
    assert SELECTED not in home_page(client, world)

    domain.validate_decisions([decision], world.director)
    assert SELECTED not in candidate_page(client, world)
    assert SELECTED not in home_page(client, world)

    domain.send_decisions([decision], world.team)
    assert SELECTED in candidate_page(client, world)
    assert SELECTED in home_page(client, world)


def test_a_promotion_in_progress_is_not_shown_before_it_is_sent(client, world):
    decision = staged(world, outcome="waiting_list")
    domain.validate_decisions([decision], world.director)
    domain.send_decisions([decision], world.team)
    domain.stage_decision(world.application, "selected", world.challenge, actor=world.team)
    page = candidate_page(client, world)
    assert SELECTED not in page
    # What they were last told stays on their page while the new decision is prepared.
    assert "Sur liste d'attente" in page
    assert "Nous reviendrons vers vous si une place se libère." in page
