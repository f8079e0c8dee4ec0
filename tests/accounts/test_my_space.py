""" "Mon espace" lists everything of the person: work areas, proposals, panels, reviews,
applications; and the work areas' side menu always leads back to it."""

import pytest
from django.urls import reverse

from cohorte.reviews.models import Review

pytestmark = pytest.mark.django_db


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_an_administration_s_agent_finds_their_proposals(project_world, client):
    text = page(client, project_world.admin_user)
    assert "<h2>Mes propositions de défis</h2>" in text
    proposal = project_world.proposal
    assert f'href="{reverse("projects:proposal", args=[proposal.pk])}"' in text
    assert f'href="{reverse("projects:dashboard")}">Mes propositions de défis</a>' in text
    assert project_world.other_proposal.display_name not in text


def test_a_juror_finds_their_panels_and_reviews(project_world, client):
    panel = project_world.panel
    Review.objects.create(
        proposal=project_world.proposal,
        reviewer=project_world.juror,
        stage=Review.Stage.INTERVIEW,
        panel=panel,
        total=14,
    )
    text = page(client, project_world.juror)
    assert "<h2>Mes jurys</h2>" in text
    assert f'href="{reverse("defi_jury:panel", args=[panel.pk])}">{panel.name}</a>' in text
    assert "(référent·e)" in text
    assert "1 grille d’audition" in text
    assert f'href="{reverse("defi_jury:home")}">Jury des défis</a>' in text


def test_the_interview_juror_and_the_mentor_find_their_areas(world, client):
    text = page(client, world.juror)
    assert f'href="{reverse("selection:home")}">Jurys et auditions</a>' in text
    assert "Jury A" in text
    text = page(client, world.mentor)
    assert f'href="{reverse("reviews:home")}">Évaluations</a>' in text


def test_the_side_menu_of_a_work_area_always_offers_my_space(world, client):
    client.force_login(world.mentor)
    text = client.get(reverse("reviews:home")).content.decode()
    menu = text.split('id="menu-travail"')[1].split("</nav>")[0]
    assert f'href="{reverse("accounts:home")}">Mon espace</a>' in menu
