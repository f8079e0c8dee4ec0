"""The composition page at the size of a national call: the panels in place are paged."""

import datetime
import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.projects.models import Audition, JuryPoolMember, Proposal
from cohorte.projects.views import jury_composition as views
from cohorte.reviews.models import Conflict
from cohorte.selection.models import Panel
from tests.factories import ProposalFactory, UserFactory
from tests.projects.jury_world import build_jury_world
from tests.scale import measure

pytestmark = pytest.mark.django_db

PANEL = re.compile(r'<h3 id="jury-(\d+)">')


@pytest.fixture
def jw(project_world):
    return build_jury_world(project_world)


def grow(jw, count, start=0):
    """``count`` more panels of two members, each auditioning one new défi."""
    when = timezone.now() + datetime.timedelta(days=10)
    for index in range(start, start + count):
        proposal = ProposalFactory(
            call=jw.call, status=Proposal.Status.SHORTLISTED, title=f"Défi en place {index}"
        )
        members = [UserFactory(), UserFactory()]
        panel = Panel.objects.create(
            call=jw.call, name=f"Jury en place {index:03d}", referee=members[0]
        )
        panel.members.add(*members)
        panel.proposals.add(proposal)
        Audition.objects.create(
            panel=panel, proposal=proposal, starts_at=when + datetime.timedelta(hours=index)
        )


def shown(response) -> list[int]:
    return [int(pk) for pk in PANEL.findall(response.content.decode())]


def test_the_panels_in_place_are_paged_in_name_order(jw, client, monkeypatch):
    monkeypatch.setattr(views, "PANELS_PER_PAGE", 3)
    grow(jw, 5)
    client.force_login(jw.team)
    url = reverse("defi_jury:composition", args=[jw.call.pk])
    ordered = list(
        Panel.objects.filter(call=jw.call).order_by("name", "pk").values_list("pk", flat=True)
    )
    assert len(ordered) == 7
    first, second, third = (client.get(url, {"page": n}) for n in (1, 2, 3))
    assert shown(first) == ordered[:3]
    assert shown(second) == ordered[3:6]
    assert shown(third) == ordered[6:]
    text = second.content.decode()
    assert "7 jurys en place — page 2 sur 3" in text
    # Each panel on the page keeps its auditions and referee form.
    panel = Panel.objects.get(pk=ordered[4])
    audition = panel.auditions.get()
    assert reverse("defi_jury:audition_move", args=[audition.pk]) in text
    assert f'id="referent-{panel.pk}"' in text
    # A défi the reader is kept away from stays out of its panel's table.
    Conflict.objects.create(proposal=audition.proposal, reviewer=jw.team)
    assert audition.proposal.title not in client.get(url, {"page": 2}).content.decode()


def test_the_pages_keep_the_run_shown(jw, client, monkeypatch):
    monkeypatch.setattr(views, "PANELS_PER_PAGE", 1)
    client.force_login(jw.team)
    url = reverse("defi_jury:composition", args=[jw.call.pk])
    # Without a run, the links only name the page.
    assert "?page=2" in client.get(url).content.decode()


def test_the_composition_page_costs_the_same_at_two_sizes(jw, client, monkeypatch):
    monkeypatch.setattr(views, "PANELS_PER_PAGE", 3)
    grow(jw, 2)
    client.force_login(jw.team)
    url = reverse("defi_jury:composition", args=[jw.call.pk])
    small = measure(client, url)
    grow(jw, 8, start=100)
    large = measure(client, url)
    assert large.queries == small.queries
    # One page of panels in place and their auditions is read and shown: what still grows
    # is the composition's input (the défis to place, one table row each).
    assert large.rows(Audition) == small.rows(Audition) <= 3
    assert large.html - small.html < 8 * 400


def test_an_action_on_a_panel_comes_back_to_its_page(jw, client, monkeypatch):
    monkeypatch.setattr(views, "PANELS_PER_PAGE", 3)
    grow(jw, 5)
    client.force_login(jw.team)
    ordered = list(Panel.objects.filter(call=jw.call).order_by("name", "pk"))
    base = reverse("defi_jury:composition", args=[jw.call.pk])
    last = ordered[6]  # the seventh panel: page 3
    audition = last.auditions.get()
    response = client.post(reverse("defi_jury:audition_lock", args=[audition.pk]), {"locked": "1"})
    assert response.url == f"{base}?page=3#jury-{last.pk}"
    assert f'id="jury-{last.pk}"' in client.get(response.url).content.decode()
    first = ordered[0]
    response = client.post(
        reverse("defi_jury:panel_referee", args=[first.pk]), {"referee": first.referee_id or ""}
    )
    assert response.url == f"{base}#jury-{first.pk}"


def test_the_pool_is_counted_by_profile_in_the_programme_s_words(jw, client):
    # The counts are worded once per profile: the alumni's one says the programme's word.
    client.force_login(jw.team)
    page = client.get(reverse("defi_jury:composition", args=[jw.call.pk])).content.decode()
    worded = dict(JuryPoolMember.Category.worded_choices())
    counts = Counter(m.category for m in JuryPoolMember.objects.filter(call=jw.call))
    assert counts["alumni"]
    for category, count in counts.items():
        assert f"{worded[category]} : {count}" in page
    assert str(JuryPoolMember.Category.ALUMNI.label) not in page
