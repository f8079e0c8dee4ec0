"""The défi selection at the size of a national call: every listed défi on one form, the
same queries and a bounded weight per row whatever the number of proposals."""

import pytest
from django.urls import reverse

from cohorte.projects.models import PanelVerdict, Proposal
from cohorte.reviews.models import Review
from cohorte.selection.models import Decision
from tests.factories import PanelFactory, ProposalFactory, full_proposal_data
from tests.projects.decisions_helpers import login
from tests.scale import measure

pytestmark = pytest.mark.django_db


def grow(world, count):
    """``count`` more shortlisted proposals with a verdict, half of them with a staged decision."""
    for index in range(count):
        proposal = ProposalFactory(
            call=world.call, organisation=world.organisation, data=full_proposal_data(),
            status=Proposal.Status.SHORTLISTED, title=f"Défi numéro {index:04d}",
        )  # fmt: skip
        panel = PanelFactory(call=world.call)
        panel.proposals.add(proposal)
        PanelVerdict.objects.create(
            panel=panel, proposal=proposal, favourable=index % 2 == 0, position=1,
            justification="Avis.", favourite=index % 3 == 0,
        )  # fmt: skip
        Review.objects.create(
            proposal=proposal, reviewer=world.preinstructor, stage=Review.Stage.PRESELECTION,
            total=12,
        )  # fmt: skip
        if index % 2:
            Decision.objects.create(proposal=proposal, outcome="not_selected")


def test_the_selection_costs_the_same_queries_and_little_per_row(client, project_world):
    login(client, project_world, "team")
    url = reverse("project_decisions:selection", args=[project_world.call.pk])
    grow(project_world, 4)
    client.get(url)  # warms the process's caches, whatever the size
    small = measure(client, url)
    grow(project_world, 40)
    large = measure(client, url)
    assert large.queries == small.queries
    # Every listed défi is on the form (one tick each), built once; nothing per review.
    assert large.rows(Proposal) - small.rows(Proposal) == 40
    assert large.rows(Review) == small.rows(Review)
    per_row = (large.html - small.html) / 40
    print(f"\nHTML {small.html} -> {large.html}: {per_row:.0f} bytes per added défi")
    assert per_row < 900  # 802 bytes: half the rows have a staged decision to cancel


def test_each_cancel_button_posts_to_its_own_proposal(client, project_world):
    login(client, project_world, "team")
    grow(project_world, 4)
    page = client.get(reverse("project_decisions:selection", args=[project_world.call.pk]))
    staged = Decision.objects.filter(proposal__call=project_world.call).values_list(
        "proposal", flat=True
    )
    assert len(staged) == 2
    for pk in staged:
        action = reverse("project_decisions:unstage", args=[project_world.call.pk, pk])
        assert page.content.decode().count(f'formaction="{action}"') == 1


def test_the_selection_reads_the_estimates_keys_not_whole_documents(client, project_world):
    """A proposal's data and its versions' are whole documents: the selection and the
    director's validation read the three keys of the estimate in SQL, never the columns."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # A column read as such; a key of it is written ``"data" -> 'key'`` on PostgreSQL and
    # inside JSON_TYPE(...)/JSON_EXTRACT(...) on SQLite.
    whole = re.compile(
        r'(?<!JSON_TYPE\()(?<!JSON_EXTRACT\()"projects_proposal(version)?"\."data"(?!\s*(->|#>))'
    )
    grow(project_world, 4)
    call = project_world.call.pk
    for role, name in (("team", "selection"), ("director", "validation")):
        login(client, project_world, role)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"project_decisions:{name}", args=[call])).status_code == 200
        read = [q["sql"] for q in queries.captured_queries if whole.search(q["sql"])]
        assert read == [], name
