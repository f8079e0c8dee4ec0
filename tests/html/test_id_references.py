"""Every aria-describedby, aria-labelledby, aria-controls and label ``for`` names an element
of the page: a field's help text is the one its widget points to."""

import pytest
from django.urls import reverse

from tests.html.id_references import dangling

pytestmark = pytest.mark.django_db


def test_the_finder_sees_a_reference_to_nothing():
    page = '<p id="a">x</p><input aria-describedby="a b"><label for="c">c</label>'
    assert dangling(page) == ["input aria-describedby=b", "label for=c"]


@pytest.mark.parametrize("name", ["public:challenge_list", "public:person_list"])
def test_the_public_filters_point_to_their_help_text(client, name):
    page = client.get(reverse(name)).content.decode()
    assert 'aria-describedby="id_q_helptext"' in page
    assert dangling(page) == []


def test_the_team_forms_point_to_their_help_text(client, world, project_world):
    client.force_login(world.team)
    urls = [
        reverse("selection:scheduling") + f"?appel={world.call.slug}",
        reverse("defi_jury:composition", args=[project_world.call.pk]),
        reverse("defi_jury:pool", args=[project_world.call.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert dangling(response.content.decode()) == [], url


def test_the_juror_comment_form_points_to_its_help_text(client, project_world):
    client.force_login(project_world.juror)
    url = reverse("defi_jury:defi", args=[project_world.panel.pk, project_world.proposal.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert dangling(response.content.decode()) == []
