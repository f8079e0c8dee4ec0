"""The pre-instruction pages at the size of a national call: one page of proposals read,
counts in SQL, the same queries and HTML whatever the number of proposals."""

import pytest
from django.urls import reverse

from cohorte.projects.models import Proposal, ProposalVersion
from cohorte.projects.views import instruction as views
from cohorte.reviews.models import Conflict, Review
from tests.factories import OrganisationFactory, ProposalFactory, UserFactory
from tests.scale import measure

pytestmark = pytest.mark.django_db


def grow(world, count, start=0):
    """``count`` more submitted proposals of new administrations, reviewed twice each."""
    reviewers = [UserFactory(), UserFactory()]
    for index in range(start, start + count):
        proposal = ProposalFactory(
            call=world.call,
            title=f"Défi numéro {index:03d}",
            organisation=OrganisationFactory(name=f"Direction {index:03d}"),
        )
        for reviewer, total in zip(reviewers, (10, 14), strict=True):
            Review.objects.create(
                proposal=proposal, reviewer=reviewer, stage="preselection", total=total
            )
        if index % 7 == 0:  # the pre-instructor is kept away from some
            Conflict.objects.create(proposal=proposal, reviewer=world.preinstructor)


@pytest.mark.parametrize("role", ["team", "preinstructor"])
@pytest.mark.parametrize("params", [{}, {"sort": "-score"}, {"q": "numéro", "sort": "title"}])
def test_the_list_costs_the_same_at_two_sizes(project_world, client, monkeypatch, role, params):
    monkeypatch.setattr(views, "PER_PAGE", 5)
    client.force_login(project_world.roles()[role])
    url = reverse("instruction:call", args=[project_world.call.pk])
    grow(project_world, 8)
    small = measure(client, url, params)
    grow(project_world, 30, start=100)
    large = measure(client, url, params)
    assert large.queries == small.queries
    # One page of proposals is built; the counts and means come from SQL.
    assert large.rows(Proposal) == small.rows(Proposal) == 5
    assert large.rows(Review) == small.rows(Review) == 0
    assert large.rows(ProposalVersion) <= 5
    # What differs: the names on the page, the counts, the links to more pages.
    assert abs(large.html - small.html) < 600


def test_the_proposal_page_costs_the_same_at_two_sizes(project_world, client):
    client.force_login(project_world.team)
    url = reverse("instruction:proposal", args=[project_world.proposal.pk])
    grow(project_world, 3)
    client.get(url)  # warms the process's content-type cache, whatever the size
    small = measure(client, url)
    grow(project_world, 20, start=100)
    large = measure(client, url)
    assert large.queries == small.queries
    assert large.rows(Proposal) == small.rows(Proposal)
    assert large.rows(Review) == small.rows(Review)
    assert abs(large.html - small.html) < 100
