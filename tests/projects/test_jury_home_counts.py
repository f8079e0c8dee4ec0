"""The défi jury's entry page counts each call's défis, jurors and panels in SQL, exactly."""

import re

import pytest
from django.urls import reverse

from cohorte.projects.models import JuryPoolMember, Proposal
from cohorte.selection.models import Panel
from tests.factories import ProjectCallFactory, ProposalFactory, UserFactory
from tests.projects.jury_world import build_jury_world
from tests.scale import measure

pytestmark = pytest.mark.django_db

HOME = reverse("defi_jury:home")


@pytest.fixture
def jw(project_world):
    return build_jury_world(project_world)


def figures(response, title) -> list[str]:
    """The three figures of the row of the call named ``title``."""
    row = re.search(
        rf'<th scope="row">{re.escape(title)}</th>\s*<td>(\d+)</td>\s*<td>(\d+)</td>\s*'
        r"<td>(\d+)</td>",
        response.content.decode(),
    )
    return list(row.groups())


def grow(call, count):
    """``count`` more shortlisted proposals, jurors and panels for ``call``."""
    for index in range(count):
        proposal = ProposalFactory(call=call, status=Proposal.Status.SHORTLISTED)
        user = UserFactory()
        JuryPoolMember.objects.create(call=call, user=user, category="tech")
        panel = Panel.objects.create(call=call, name=f"Jury supplémentaire {index}")
        panel.members.add(user)
        panel.proposals.add(proposal)


def test_each_call_has_its_own_exact_figures(jw, client):
    other = ProjectCallFactory(title="Autre appel à projets")
    grow(other, 2)
    ProposalFactory(call=other)  # submitted, not shortlisted: not counted
    client.force_login(jw.team)
    response = client.get(HOME)
    # The world: four shortlisted défis, twelve jurors, two panels.
    assert figures(response, jw.call.title) == ["4", "12", "2"]
    assert figures(response, "Autre appel à projets") == ["2", "2", "2"]


def test_the_home_page_costs_the_same_at_two_sizes(jw, client):
    client.force_login(jw.team)
    small = measure(client, HOME)
    grow(jw.call, 6)
    large = measure(client, HOME)
    assert large.queries == small.queries
    assert large.rows(Proposal) == small.rows(Proposal) == 0
    assert large.rows(JuryPoolMember) == small.rows(JuryPoolMember) == 0
    assert abs(large.html - small.html) < 10
