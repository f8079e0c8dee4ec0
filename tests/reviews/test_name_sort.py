"""The preselection list sorted by name: French order from the stored key, across pages."""

import pytest
from django.urls import reverse

from cohorte.calls.models import Application
from cohorte.reviews import domain, views
from cohorte.search import fold
from tests.factories import ApplicationChoiceFactory, ApplicationFactory

pytestmark = pytest.mark.django_db
HOME = reverse("reviews:home")
NAMES = [("Éluard", "Paul"), ("Eluard", "Anne"), ("durand", "Zoé"), ("Œillet", "Léa"),
         ("Martin", "Élise"), ("Martin-Dupont", "Bob"), ("Emery", "Chloé")]  # fmt: skip


def test_sorting_by_name_follows_french_order_across_pages(world, as_user, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    for last, first in NAMES * 2:  # twins: ties are broken by number
        application = ApplicationFactory(call=world.call, last_name=last, first_name=first)
        ApplicationChoiceFactory(application=application, challenge=world.challenge)
    reviewed = Application.objects.filter(call=world.call, last_name="Emery").first()
    scores = {str(c.pk): 3 for c in world.call.grid.criteria.all()}
    domain.submit_review(reviewed, world.team, scores, "", "yes")
    client = as_user(world.team)
    params = {"appel": world.call.slug, "tri": "name", "etat": "a-faire"}
    first = client.get(HOME, params).context["page"]
    seen = []
    for number in first.paginator.page_range:
        page = client.get(HOME, {**params, "page": number}).context["page"]
        seen += [row["application"] for row in page]
    listed = Application.objects.filter(call=world.call).exclude(pk=reviewed.pk)
    expected = sorted(listed, key=lambda a: (fold(a.last_name), fold(a.first_name), a.pk))
    assert [a.pk for a in seen] == [a.pk for a in expected]
    names = [(a.last_name, a.first_name) for a in seen]
    assert names.index(("Eluard", "Anne")) < names.index(("Éluard", "Paul"))
    assert names.index(("Martin", "Élise")) < names.index(("Martin-Dupont", "Bob"))
