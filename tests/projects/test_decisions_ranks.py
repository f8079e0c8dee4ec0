"""The director's validation page numbers each défi as the selection does, without building
the selection (its estimates, its envelope) for that."""

import pytest
from django.urls import reverse

from cohorte.projects import decisions as domain
from cohorte.projects.models import PanelVerdict, Proposal
from cohorte.reviews.models import Conflict
from cohorte.selection.models import Decision, Panel
from tests.factories import ProposalFactory
from tests.projects.decisions_helpers import login, stage, text, verdicts
from tests.scale import measure

pytestmark = pytest.mark.django_db


def call_url(world, name):
    return reverse(name, args=[world.call.pk])


def grow(world, count, start=0):
    """``count`` more shortlisted défis on a new panel, ranked, some without a panel."""
    panel = Panel.objects.create(call=world.call, name=f"Jury {start}")
    for index in range(start, start + count):
        proposal = ProposalFactory(
            call=world.call, status=Proposal.Status.SHORTLISTED, title=f"Défi {index}"
        )
        if index % 3:
            panel.proposals.add(proposal)
            PanelVerdict.objects.create(
                panel=panel,
                proposal=proposal,
                favourable=index % 2 == 0,
                position=index - start + 1,
                justification="J",
            )


def test_the_ranks_are_those_of_the_selection(project_world):
    verdicts(project_world)
    grow(project_world, 7)
    # A conflict hides a row from the reader, never its rank from the others.
    Conflict.objects.create(proposal=project_world.proposal, reviewer=project_world.team)
    rows = domain.selection(project_world.call).rows
    assert len(rows) == 9
    expected = {row.proposal.pk: row.line.rank for row in rows}
    assert domain.consolidated_ranks(project_world.call) == expected


def test_the_validation_page_names_each_rank(client, project_world):
    verdicts(project_world)
    stage(project_world, project_world.proposal)
    login(client, project_world, "director")
    page = text(client.get(call_url(project_world, "project_decisions:validation")))
    # Favourable first: Intérieur's défi first, Culture's second.
    assert "n° 1 du classement consolidé" in page
    assert "n° 2 du classement consolidé" in page


def test_the_validation_page_costs_the_same_at_two_sizes(client, project_world):
    verdicts(project_world)
    stage(project_world, project_world.proposal)
    login(client, project_world, "director")
    url = call_url(project_world, "project_decisions:validation")
    small = measure(client, url)
    # More défis on the panels, none of them decided: nothing more to validate.
    grow(project_world, 12)
    large = measure(client, url)
    assert large.queries == small.queries
    # Only the pending decisions' proposals are built, never the call's other défis.
    assert large.rows(Proposal) == small.rows(Proposal)
    assert large.rows(Decision) == small.rows(Decision) == 2
    assert abs(large.html - small.html) < 100
