"""The team's applications list at the size of a national call: sorted by the stored name key
across pages, and a page costing the same whatever the number of applications."""

import pytest
from django.urls import reverse

from cohorte.calls.models import Application, ApplicationChoice
from cohorte.calls.team_views import listing
from cohorte.search import fold
from tests.factories import ApplicationChoiceFactory, ApplicationFactory
from tests.scale import measure
from tests.team.conftest import add_review

pytestmark = pytest.mark.django_db
NAMES = [
    ("Éluard", "Paul"), ("Eluard", "Anne"), ("durand", "Zoé"), ("Œillet", "Léa"),
    ("Martin", "Élise"), ("Martin-Dupont", "Bob"), ("Emery", "Chloé"), ("Ange", "Noé"),
]  # fmt: skip


def _list(world):
    return reverse("team:application_list", args=[world.call.pk])


def _every_page(client, url, params):
    first = client.get(url, params).context["page_obj"]
    rows = []
    for number in first.paginator.page_range:
        rows += client.get(url, {**params, "page": number}).context["page_obj"].object_list
    return [(a.last_name, a.first_name) for a in rows], [a.pk for a in rows]


def test_sorting_by_name_follows_french_order_across_pages(world, client, monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 3)
    for last, first in NAMES * 2:  # twins: ties are broken by number
        ApplicationFactory(call=world.call, last_name=last, first_name=first)
    client.force_login(world.team)
    everyone = Application.objects.filter(call=world.call).exclude(status="draft")
    expected = sorted(everyone, key=lambda a: (fold(a.last_name), fold(a.first_name), a.pk))
    names, pks = _every_page(client, _list(world), {"sort": "name"})
    assert pks == [a.pk for a in expected]
    assert names.index(("Eluard", "Anne")) < names.index(("Éluard", "Paul"))
    assert names.index(("Martin", "Élise")) < names.index(("Martin-Dupont", "Bob"))
    _, descending = _every_page(client, _list(world), {"sort": "-name"})
    assert descending == pks[::-1]


def _grow(world, count):
    for index in range(count):
        application = ApplicationFactory(
            call=world.call, last_name=f"Nom {index}", answers={"1": f"réponse {index}"}
        )
        ApplicationChoiceFactory(application=application, rank=1, challenge=world.challenge)
        ApplicationChoiceFactory(application=application, rank=2, challenge=world.other_challenge)
        add_review(application, world.team, 10 + index % 8)
        add_review(application, world.mentor, 12)


@pytest.mark.parametrize("params", [{}, {"sort": "name"}, {"q": "nom", "sort": "-name"}])
def test_a_page_costs_the_same_at_two_sizes(world, client, monkeypatch, params):
    monkeypatch.setattr(listing, "PER_PAGE", 3)
    client.force_login(world.team)
    _grow(world, 15)  # five pages or more: the page links are elided at both sizes
    small = measure(client, _list(world), params)
    _grow(world, 20)
    large = measure(client, _list(world), params)
    assert large.queries == small.queries
    # One page of applications and of their choices is read, never the call.
    assert large.rows(Application) == small.rows(Application) == 3
    assert large.rows(ApplicationChoice) <= 3 * 2 and small.rows(ApplicationChoice) <= 3 * 2
    assert large.loaded == small.loaded
    # Only the counts and the page numbers grow.
    assert abs(large.html - small.html) < 200


def test_filters_offer_the_call_and_what_applications_chose(world, client):
    # A défi or profile that left the call still filters those who chose it; past reviewers
    # who left the team stay filterable; nobody else is offered.
    from cohorte.calls.team_views.forms import ApplicationFilterForm
    from tests.factories import ExpertiseFactory, UserFactory

    gone, data = world.other_challenge, ExpertiseFactory(name="Données")
    world.call.challenges.remove(gone)
    ApplicationChoiceFactory(application=world.application, rank=2, challenge=None, profile=data)
    unchosen = ExpertiseFactory(name="Jamais choisi")
    former = UserFactory(username="ancienne")
    add_review(world.other_application, former, 12)
    stranger = UserFactory(username="inconnue")
    form = ApplicationFilterForm(world.call)
    challenges = dict(form.fields["challenge"].choices)
    assert {str(world.challenge.pk), str(gone.pk)} <= set(challenges)
    profiles = dict(form.fields["profile"].choices)
    assert str(data.pk) in profiles and str(unchosen.pk) not in profiles
    people = {key for key, _ in form.fields["reviewed_by"].choices if key}
    assert {str(world.team.pk), str(world.mentor.pk), str(former.pk)} <= people
    assert not {str(world.candidate.pk), str(stranger.pk)} & people
