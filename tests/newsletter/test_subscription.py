"""Subscribing with double opt-in, confirming, unsubscribing in one click, forgetting."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from cohorte.newsletter import jobs, tokens
from cohorte.newsletter.models import Subscriber
from cohorte.notifications.models import OutboxMessage

from .conftest import CONFIRM, NOW, confirmed, link_in, snapshot, text

pytestmark = pytest.mark.django_db
SUBSCRIBE = "/lettre/"
DONE = "Si cette adresse n’est pas déjà inscrite, un e-mail vient de lui être envoyé"


def subscribe(client, email="Alice@Example.org ", **topics):
    data = {"email": email, **{name: "on" for name, on in topics.items() if on}}
    return client.post(SUBSCRIBE, data)


def test_a_visitor_subscribes_and_receives_a_confirmation_link(client, on_day, settings):
    settings.SITE_URL = "https://eig.example.org"
    response = subscribe(client, calls=True, jobs=True)
    assert response.status_code == 200
    assert DONE in text(response)
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.calls, subscriber.articles, subscriber.jobs) == (
        "alice@example.org",
        True,
        False,
        True,
    )
    assert (subscriber.confirmed_at, subscriber.confirmation_sent_at) == (None, NOW)
    message = OutboxMessage.objects.get()
    assert message.to == ["alice@example.org"]
    assert message.subject == "Confirmez votre inscription à la lettre d’information"
    # The stored text has the link masked; the recipient's sealed text carries it.
    assert "/lettre/confirmer/" not in message.body
    assert "- les appels à projets et à candidatures\n- les offres d’emploi" in message.body
    assert link_in(message, CONFIRM) == reverse(
        "newsletter:confirm", args=[tokens.confirmation_token(subscriber)]
    )


def test_the_confirmation_link_asks_for_a_click_then_confirms_once(client, on_day):
    subscribe(client, articles=True)
    path = link_in(OutboxMessage.objects.get(), CONFIRM)
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirmer mon inscription" in text(page)
    assert Subscriber.objects.get().confirmed_at is None  # a mail scanner's visit confirms nothing
    done = client.post(path)
    assert "Votre inscription est confirmée" in text(done)
    assert Subscriber.objects.get().confirmed_at == NOW
    before = snapshot()
    for again in (client.get(path), client.post(path)):
        assert again.status_code == 400
        assert "Ce lien a déjà servi : votre inscription est confirmée." in text(again)
    assert snapshot() == before


def test_an_expired_or_forged_confirmation_link_is_refused_and_changes_nothing(client, on_day):
    subscribe(client, articles=True)
    path = link_in(OutboxMessage.objects.get(), CONFIRM)
    before = snapshot()
    on_day.shift(datetime.timedelta(days=7, seconds=1))
    expired = client.post(path)
    assert expired.status_code == 400
    assert "Ce lien de confirmation a expiré (il était valable 7 jours)" in text(expired)
    forged = client.post(path.replace("/confirmer/", "/confirmer/x"))
    assert forged.status_code == 400
    assert "Ce lien de confirmation n’est pas valide." in text(forged)
    other = Subscriber.objects.create(email="bob@example.org", articles=True)
    token = tokens.confirmation_token(Subscriber(pk=other.pk, email="alice@example.org"))
    swapped = client.post(reverse("newsletter:confirm", args=[token]))
    assert "Cette inscription n’existe plus" in text(swapped)
    other.delete()
    assert snapshot() == before


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"email": "pas-une-adresse", "calls": "on"}, "email",
         "Saisissez une adresse e-mail valide, comme nom@domaine.fr."),
        ({"email": "", "calls": "on"}, "email", "Ce champ est obligatoire."),
        ({"email": "alice@example.org"}, "calls", "Choisissez au moins un sujet."),
    ],
)  # fmt: skip
def test_a_bad_subscription_says_why_and_changes_nothing(client, on_day, data, field, message):
    response = client.post(SUBSCRIBE, data)
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert message.replace("'", "’") in text(response) or message in text(response)
    assert snapshot() == ([], [], [], 0)


def test_subscribing_again_sends_no_second_mail_within_ten_minutes(client, on_day):
    subscribe(client, calls=True)
    subscribe(client, articles=True)
    assert OutboxMessage.objects.count() == 1
    # The topics follow the latest form: it is still the unconfirmed visitor's choice.
    assert Subscriber.objects.get().topic_names() == ["articles"]
    on_day.shift(datetime.timedelta(minutes=10))
    response = subscribe(client, calls=True)
    assert DONE in text(response)
    assert OutboxMessage.objects.count() == 2


def test_a_confirmed_address_is_left_alone_and_the_answer_does_not_tell(client, on_day):
    confirmed("alice@example.org", calls=True)
    before = snapshot()
    response = subscribe(client, jobs=True)
    assert DONE in text(response)
    assert snapshot() == before


def test_one_click_unsubscribe_from_the_page_and_from_the_mail_program(on_day, settings):
    settings.SITE_URL = "https://eig.example.org"
    alice, bob = confirmed("alice@example.org"), confirmed("bob@example.org")
    client = Client(enforce_csrf_checks=True)
    page = client.get(tokens.unsubscribe_link(alice).removeprefix("https://eig.example.org"))
    assert page.status_code == 200
    assert "Me désinscrire" in text(page)
    assert Subscriber.objects.count() == 2
    # RFC 8058: the mail program posts "List-Unsubscribe=One-Click", without cookie or token.
    path = reverse("newsletter:unsubscribe", args=[tokens.unsubscribe_token(alice)])
    done = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert done.status_code == 200
    assert "Vous êtes désinscrit·e : votre adresse est effacée" in text(done)
    assert list(Subscriber.objects.values_list("email", flat=True)) == [bob.email]
    again = client.post(path)
    assert again.status_code == 400
    assert "Cette adresse n’est plus inscrite : vous ne recevrez plus la lettre." in text(again)


def test_a_forged_unsubscribe_link_is_refused_and_changes_nothing(client, on_day):
    alice = confirmed("alice@example.org")
    before = snapshot()
    token = tokens.unsubscribe_token(alice)
    for forged in (
        token[:-2] + "xx",
        token.replace(str(alice.pk), str(alice.pk + 1), 1),
        "1:a@b.c:sig",
    ):
        response = client.post(reverse("newsletter:unsubscribe", args=[forged]))
        assert response.status_code == 400
        assert "Ce lien de désinscription n’est pas valide." in text(response)
    assert snapshot() == before


def test_addresses_never_confirmed_are_forgotten_after_30_days(client, on_day):
    subscribe(client, calls=True)
    keep = confirmed("bob@example.org")
    on_day.shift(datetime.timedelta(days=30) - datetime.timedelta(seconds=1))
    assert jobs.forget_unconfirmed(NOW + datetime.timedelta(days=30, seconds=-1)) == 0
    assert jobs.forget_unconfirmed(NOW + datetime.timedelta(days=30, seconds=1)) == 1
    assert list(Subscriber.objects.all()) == [keep]
