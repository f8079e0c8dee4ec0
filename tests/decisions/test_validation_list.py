"""The director's validation list at the size of a national call: states, filters, search,
pagination grouped by défi, counts and seats over the whole call, a page costing the same
whatever the number of decisions."""

import pytest
from django.urls import reverse

from cohorte.calls.models import Application
from cohorte.selection.models import Decision
from cohorte.selection.views import decisions as views
from tests.factories import ApplicationChoiceFactory, ApplicationFactory
from tests.scale import measure

pytestmark = pytest.mark.django_db


def url(world, **params):
    query = "&".join(f"{k}={v}" for k, v in {"appel": world.call.slug, **params}.items())
    return f"{reverse('selection:validation')}?{query}"


def decide(world, name, outcome, challenge=None, status="staged"):
    application = ApplicationFactory(call=world.call, first_name="", last_name=name)
    ApplicationChoiceFactory(application=application, challenge=challenge or world.challenge)
    if outcome != "not_selected" and challenge is None:
        challenge = world.challenge
    return Decision.objects.create(
        application=application, outcome=outcome, challenge=challenge, status=status
    )


def listed(response) -> list[int]:
    """The decisions of the page, in the order it shows them."""
    context = response.context
    grouped = [d for g in context["groups"] for d in g["selected"] + g["waiting"]]
    return [d.pk for d in grouped + context["not_selected"]]


def test_states_filters_and_search_with_counts_over_the_call(client, world):
    client.force_login(world.director)
    chosen = decide(world, "Arnaud", "selected")
    waiting = decide(world, "Bertin", "waiting_list", challenge=world.other_challenge)
    done = decide(world, "Colin", "not_selected", status="validated")
    withdrawn = decide(world, "Dupont", "not_selected")
    Application.objects.filter(pk=withdrawn.application_id).update(status="withdrawn")
    everyone = {chosen.pk, waiting.pk, done.pk, withdrawn.pk}
    assert set(listed(client.get(url(world)))) == everyone
    # By défi title: "Autre défi" before "Défi choisi".
    assert listed(client.get(url(world, etat="a-valider"))) == [waiting.pk, chosen.pk]
    assert listed(client.get(url(world, etat="validees"))) == [done.pk]
    assert listed(client.get(url(world, decision="liste-attente"))) == [waiting.pk]
    assert set(listed(client.get(url(world, decision="non-retenues")))) == {done.pk, withdrawn.pk}
    assert listed(client.get(url(world, defi=world.other_challenge.pk))) == [waiting.pk]
    assert listed(client.get(url(world, q="berT"))) == [waiting.pk]
    assert listed(client.get(url(world, etat="validees", q="bertin"))) == []
    assert set(listed(client.get(url(world, etat="inconnu", decision="x")))) == everyone
    response = client.get(url(world, q="bertin"))
    states = {s["key"]: s["count"] for s in response.context["states"]}
    assert states == {"toutes": 4, "a-valider": 2, "validees": 1}
    body = response.content.decode()
    assert "2 décision(s) à valider, 1 déjà validée(s)" in body
    assert "Valider toutes les décisions à valider (2)" in body
    assert "1 décision dans cette vue." in body


def test_the_list_is_paginated_by_defi_with_the_seats_of_the_whole_call(client, world, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(world.director)
    # world.challenge has 2 seats: 3 selected on it are one too many, whatever the page.
    made = [decide(world, name, "selected") for name in ("Arnaud", "Bertin", "Colin")]
    made.append(decide(world, "Dupont", "waiting_list"))
    made.append(decide(world, "Éluard", "not_selected"))
    pages = [client.get(url(world, page=n)) for n in (1, 2, 3)]
    assert pages[0].context["page"].paginator.num_pages == 3
    assert sum((listed(p) for p in pages), []) == [d.pk for d in made]
    assert listed(client.get(url(world, page=99))) == listed(pages[2])
    for response in pages[:2]:
        [group] = response.context["groups"]
        assert (group["challenge"], group["taken"], group["over_by"]) == (world.challenge, 3, 1)
        assert "Dépassement : 1 place de plus que prévu." in response.content.decode()
    assert [len(g["waiting"]) for g in pages[1].context["groups"]] == [1]
    assert pages[2].context["groups"] == []
    body = pages[0].content.decode()
    assert "Valider toutes les décisions à valider (5)" in body
    assert f"{reverse('selection:validation')}?appel={world.call.slug}&amp;page=2" in body


def grow(world, count):
    """Add ``count`` staged decisions, of every outcome."""
    outcomes = ["selected", "waiting_list", "not_selected"]
    for index in range(count):
        challenge = world.challenge if index % 2 else world.other_challenge
        outcome = outcomes[index % 3]
        decide(world, f"Personne {index}", outcome,
               challenge=None if outcome == "not_selected" else challenge)  # fmt: skip


@pytest.mark.parametrize("params", [{}, {"etat": "a-valider", "decision": "retenues"}])
def test_a_page_costs_the_same_at_two_sizes(client, world, monkeypatch, params):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client.force_login(world.director)
    grow(world, 18)  # a full page of each filter already
    small = measure(client, url(world, **params))
    grow(world, 30)
    large = measure(client, url(world, **params))
    assert large.queries == small.queries
    assert large.rows(Decision) == small.rows(Decision) <= 5
    assert large.rows(Application) <= 5
    assert abs(large.html - small.html) < 0.03 * small.html
