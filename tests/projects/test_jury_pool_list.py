"""The pool of jurors at the size of a national call: paginated, filtered, counted in SQL."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cohorte.projects.models import JuryPoolMember
from cohorte.projects.views import jury as views
from cohorte.selection.models import Panel
from tests.projects.jury_world import build_jury_world
from tests.scale import measure

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<th scope="row">([^<]+)<br><span class="fr-text--xs">([^<]+)</span>')


@pytest.fixture
def jw(project_world):
    return build_jury_world(project_world)


def grow(jw, count, category="alumni", start=0):
    """Add ``count`` jurors of one profile to the pool, each on a panel of their own."""
    users = get_user_model().objects.bulk_create(
        get_user_model()(
            username=f"vivier-{category}-{i}",
            email=f"vivier.{category}.{i}@example.org",
            first_name="Vivier",
            last_name=f"{category.title()} {i:03d}",
        )
        for i in range(start, start + count)
    )
    JuryPoolMember.objects.bulk_create(
        JuryPoolMember(call=jw.call, user=u, category=category) for u in users
    )
    for user in users:
        Panel.objects.create(call=jw.call, name=f"Jury de {user.last_name}").members.add(user)


def emails(response) -> list[str]:
    return [email for _name, email in ROW.findall(response.content.decode())]


def test_the_pool_is_paginated_and_counted_whole(jw, client, monkeypatch):
    monkeypatch.setattr(views, "POOL_PER_PAGE", 5)
    client.force_login(jw.team)
    url = reverse("defi_jury:pool", args=[jw.call.pk])
    first = client.get(url)
    second = client.get(url, {"page": 2})
    third = client.get(url, {"page": 3})
    # Twelve jurors in the order of the list (profile, then name), five a page.
    ordered = list(
        JuryPoolMember.objects.filter(call=jw.call)
        .order_by("category", "user__last_name", "user__first_name", "pk")
        .values_list("user__email", flat=True)
    )
    assert len(ordered) == 12
    assert emails(first) == ordered[:5]
    assert emails(second) == ordered[5:10]
    assert emails(third) == ordered[10:]
    # The counts by profile are the whole pool's on every page.
    for response in (first, third):
        text = response.content.decode()
        assert '<th scope="row">Total</th><td>12</td>' in text
        assert "Ancien·ne EIG</th><td>3</td>" in text
        assert "12 jurés — page 1 sur 3" in first.content.decode()
        assert 'aria-label="Pagination"' in text


def test_the_pool_is_filtered_by_profile_and_searched(jw, client):
    client.force_login(jw.team)
    url = reverse("defi_jury:pool", args=[jw.call.pk])
    grow(jw, 3)
    response = client.get(url, {"profil": "alumni", "q": "vivier 001"})
    assert emails(response) == ["vivier.alumni.1@example.org"]
    # The search reads names and e-mail addresses, every word.
    response = client.get(url, {"q": "vivier.alumni"})
    assert emails(response) == [f"vivier.alumni.{i}@example.org" for i in range(3)]
    response = client.get(url, {"profil": "expert"})
    expected = set(
        JuryPoolMember.objects.filter(call=jw.call, category="expert").values_list(
            "user__email", flat=True
        )
    )
    assert set(emails(response)) == expected and len(expected) == 3
    # The panels a juror sits on are named on their row.
    assert "Jury de Alumni 001" in client.get(url, {"q": "alumni 001"}).content.decode()
    # The pages keep the filters.
    grow(jw, 60, start=100)
    response = client.get(url, {"profil": "alumni"})
    assert "profil=alumni&amp;page=2" in response.content.decode()


def test_a_filter_it_cannot_read_shows_no_juror(jw, client):
    client.force_login(jw.team)
    response = client.get(reverse("defi_jury:pool", args=[jw.call.pk]), {"profil": "inconnu"})
    assert response.status_code == 200
    assert emails(response) == []
    assert "Un filtre n’est pas valide" in response.content.decode()


def test_the_pool_page_costs_the_same_at_two_sizes(jw, client, monkeypatch):
    monkeypatch.setattr(views, "POOL_PER_PAGE", 5)
    client.force_login(jw.team)
    url = reverse("defi_jury:pool", args=[jw.call.pk])
    small = measure(client, url)
    grow(jw, 40)
    large = measure(client, url)
    assert large.queries == small.queries
    # One page of jurors is read, never the pool, nor every panel.
    assert large.rows(JuryPoolMember) == small.rows(JuryPoolMember) == 5
    assert large.rows(Panel) == small.rows(Panel) == 0
    assert large.rows(get_user_model()) == small.rows(get_user_model())
    assert abs(large.html - small.html) < 300
