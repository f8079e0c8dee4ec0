"""The consolidated ranking at the size of a national call: figures aggregated in SQL, the
ranking paged, the order and the exclusions those of the whole call."""

import re
from fractions import Fraction

import pytest
from django.urls import reverse

from cohorte.projects.consolidation import Entry, load_entries
from cohorte.projects.models import PanelVerdict, Proposal
from cohorte.projects.views import jury_consolidation as views
from cohorte.reviews.models import Conflict, Review
from cohorte.selection.models import Panel
from tests.factories import ProposalFactory, UserFactory
from tests.projects.jury_world import build_jury_world
from tests.scale import measure

pytestmark = pytest.mark.django_db

DEFI = re.compile(r'<th scope="row">(Défi classé \d+)</th>')


@pytest.fixture
def jw(project_world):
    return build_jury_world(project_world)


def grow(jw, count, start=0):
    """``count`` more défis, three a panel, with verdicts ranking them 1, 2, 3."""
    for first in range(start, start + count, 3):
        panel = Panel.objects.create(call=jw.call, name=f"Jury classé {first:03d}")
        for position, index in enumerate(range(first, min(first + 3, start + count)), start=1):
            proposal = ProposalFactory(
                call=jw.call, status=Proposal.Status.SHORTLISTED, title=f"Défi classé {index}"
            )
            panel.proposals.add(proposal)
            PanelVerdict.objects.create(
                panel=panel,
                proposal=proposal,
                favourable=True,
                position=position,
                justification="J",
            )


def test_the_figures_are_read_as_they_were(jw):
    best = jw.call.grid.max_total
    reviewers = [UserFactory(), UserFactory(), UserFactory()]
    # The world's panel auditions two défis; the other défi also sits on a later panel.
    santa, justice = jw.defis[2], jw.defis[3]
    jw.panel.proposals.add(santa)
    Panel.objects.create(call=jw.call, name="Zeta").proposals.add(santa)
    PanelVerdict.objects.create(
        panel=jw.panel, proposal=santa, favourable=False, position=2, justification="J",
        favourite=True,
    )  # fmt: skip
    for reviewer, total in zip(reviewers, (10, 11, 15), strict=True):
        Review.objects.create(
            proposal=santa, reviewer=reviewer, stage=Review.Stage.PRESELECTION, total=total
        )
    for total in (7, 9):  # the last grid written counts
        Review.objects.create(
            proposal=santa,
            reviewer=UserFactory(),
            stage=Review.Stage.INTERVIEW,
            panel=jw.panel,
            total=total,
        )
    entries = {e.proposal_id: e for e in load_entries(jw.call)}
    assert justice.pk not in entries  # on no panel
    assert entries[santa.pk] == Entry(
        proposal_id=santa.pk,
        panel_id=jw.panel.pk,
        favourable=False,
        position=2,
        panel_size=2,
        grid_share=Fraction(9, best),
        favourite=True,
        preinstruction_share=Fraction(36, 3 * best),
    )
    assert entries[jw.other_proposal.pk] == Entry(
        jw.other_proposal.pk, jw.other_panel.pk, None, None, 1, None, False, None
    )


def test_the_ranking_is_paged_in_the_whole_call_order(jw, client, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 4)
    grow(jw, 9)
    client.force_login(jw.team)
    url = reverse("defi_jury:consolidation", args=[jw.call.pk])
    first, second, third = (client.get(url, {"page": n}) for n in (1, 2, 3))
    # Favourable first, then by relative rank: the three firsts, the seconds, the thirds.
    names = DEFI.findall(first.content.decode()) + DEFI.findall(second.content.decode())
    names += DEFI.findall(third.content.decode())
    assert names[:3] == ["Défi classé 0", "Défi classé 3", "Défi classé 6"]
    assert names[3:6] == ["Défi classé 1", "Défi classé 4", "Défi classé 7"]
    assert names[6:9] == ["Défi classé 2", "Défi classé 5", "Défi classé 8"]
    assert len(DEFI.findall(first.content.decode())) == 4
    # The caption counts the whole ranking.
    assert "11 défis, page 2 sur 3" in second.content.decode()
    # A défi the reader is kept away from leaves every page, counted in the notice.
    hidden = Proposal.objects.get(title="Défi classé 3")
    Conflict.objects.create(proposal=hidden, reviewer=jw.team)
    pages = "".join(client.get(url, {"page": n}).content.decode() for n in (1, 2, 3))
    assert "Défi classé 3" not in pages
    assert "10 défis" in pages


def test_the_consolidation_page_costs_the_same_at_two_sizes(jw, client, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 4)
    grow(jw, 6)
    client.force_login(jw.team)
    url = reverse("defi_jury:consolidation", args=[jw.call.pk])
    small = measure(client, url)
    grow(jw, 15, start=100)
    large = measure(client, url)
    assert large.queries == small.queries
    # Only the page's défis are built as objects; the figures of the others are read raw.
    assert large.rows(Proposal) == small.rows(Proposal) == 4
    assert large.rows(PanelVerdict) == small.rows(PanelVerdict) == 0
    assert large.rows(Review) == small.rows(Review) == 0
    # What differs: the names of the défis and the links to more pages.
    assert abs(large.html - small.html) < 600
