"""The public share kit: texts through the sanitiser, visuals with their alternative text, the
call's dates and address; there while the call has not closed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.campaigns.models import ShareKit, ShareVisual

pytestmark = pytest.mark.django_db


@pytest.fixture
def kit(world):
    kit = ShareKit.objects.create(
        call=world.call, short_text="Candidatez aux **EIG** !",
        long_text="Texte long <img src=x onerror=alert(1)>",
    )  # fmt: skip
    ShareVisual.objects.create(kit=kit, image="campaigns/1/a.png", alt_text="Affiche de l'appel")
    return kit


def test_anyone_reads_the_kit_of_an_open_call(world, kit, client):
    response = client.get(reverse("campaigns:public_kit", args=[world.call.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Candidatez aux <strong>EIG</strong> !" in page
    assert "onerror" not in page
    assert 'alt="Affiche de l&#x27;appel"' in page
    assert f'href="/appels/{world.call.slug}/"' in page
    assert "Relayer l’appel" in page


def test_a_call_without_a_kit_has_no_kit_page(world, client):
    assert client.get(reverse("campaigns:public_kit", args=[world.call.slug])).status_code == 404
    assert client.get(reverse("campaigns:public_kit", args=["inconnu"])).status_code == 404


def test_the_kit_goes_when_the_call_closes(world, kit, client):
    closed = timezone.now() - datetime.timedelta(hours=1)
    world.call.rounds.update(closes_at=closed)
    world.call.closes_at = closed
    world.call.save(update_fields=["closes_at"])
    assert client.get(reverse("campaigns:public_kit", args=[world.call.slug])).status_code == 404


# Pages are made stale when a transaction commits: a test inside one never commits.
@pytest.mark.django_db(transaction=True)
def test_a_change_of_the_kit_shows_at_once(client):
    from tests.factories import ApplicationCallFactory

    call = ApplicationCallFactory()
    kit = ShareKit.objects.create(call=call, short_text="Premier texte")
    url = reverse("campaigns:public_kit", args=[call.slug])
    assert "Premier texte" in client.get(url).content.decode()  # now cached
    kit.short_text = "Nouveau texte"
    kit.save()
    assert "Nouveau texte" in client.get(url).content.decode()
    ShareVisual.objects.create(kit=kit, image="campaigns/1/b.png", alt_text="Bandeau")
    assert 'alt="Bandeau"' in client.get(url).content.decode()
