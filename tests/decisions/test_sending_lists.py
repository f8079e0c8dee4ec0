"""The preview of the decision e-mails and their outbox at the size of a national call:
pages of 50, outcome or delivery state filters counted over the whole call, a name search,
sending and retrying from a page, a page costing the same whatever the number of e-mails."""

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application
from cohorte.notifications.models import OutboxMessage
from cohorte.reviews.domain import declare_conflict
from cohorte.selection.models import Decision
from cohorte.selection.views import decisions as views
from tests.decisions.conftest import sent, validated
from tests.factories import ApplicationChoiceFactory, ApplicationFactory
from tests.scale import measure

pytestmark = pytest.mark.django_db


def url(world, name, **params):
    query = "&".join(f"{k}={v}" for k, v in {"appel": world.call.slug, **params}.items())
    return f"{reverse(name)}?{query}"


def applicant(world, name):
    application = ApplicationFactory(call=world.call, first_name="", last_name=name)
    ApplicationChoiceFactory(application=application, challenge=world.challenge)
    return application


def previewed(client, world, **params) -> list[int]:
    """The decisions whose e-mail the preview page shows, in its order."""
    response = client.get(url(world, "selection:decision_preview", **params))
    return [i["decision"].pk for g in response.context["groups"] for i in g["items"]]


# Preview ------------------------------------------------------------------------------------


def test_the_preview_filters_searches_and_counts_over_the_call(client, world):
    client.force_login(world.team)
    arnaud = validated(world, application=applicant(world, "Arnaud"), outcome="not_selected")
    bertin = validated(world, application=applicant(world, "Bertin"), outcome="waiting_list")
    colin = validated(world, application=applicant(world, "Colin"), outcome="not_selected")
    # The waiting list comes before the not selected, each by name.
    assert previewed(client, world) == [bertin.pk, arnaud.pk, colin.pk]
    assert previewed(client, world, decision="non-retenues") == [arnaud.pk, colin.pk]
    assert previewed(client, world, decision="retenues") == []
    assert previewed(client, world, q="COL") == [colin.pk]
    assert previewed(client, world, decision="liste-attente", q="colin") == []
    response = client.get(url(world, "selection:decision_preview", q="colin"))
    counts = {o["key"]: o["count"] for o in response.context["outcomes"]}
    assert counts == {"retenues": 0, "liste-attente": 1, "non-retenues": 2}
    assert response.context["count"] == 3
    assert "Envoyer cet e-mail" in response.content.decode()


def test_the_preview_is_paginated_and_sends_the_page_it_shows(client, world, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(world.team)
    made = [
        validated(world, application=applicant(world, name), outcome="not_selected")
        for name in ("Arnaud", "Bertin", "Colin")
    ]
    first = client.get(url(world, "selection:decision_preview"))
    assert first.context["page"].paginator.num_pages == 2
    assert previewed(client, world) + previewed(client, world, page=2) == [d.pk for d in made]
    body = first.content.decode()
    assert "Envoyer ces 2 e-mails" in body and "page=2" in body
    sent_ids = [str(pk) for pk in previewed(client, world)]
    client.post(reverse("selection:decision_send", args=[world.call.slug]), {"decisions": sent_ids})
    statuses = dict(Decision.objects.values_list("pk", "status"))
    assert [statuses[d.pk] for d in made] == ["sent", "sent", "validated"]
    assert previewed(client, world) == [made[2].pk]


def test_the_whole_view_is_sent_as_previewed_or_not_at_all(client, world, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(world.team)
    made = [
        validated(world, application=applicant(world, name), outcome="not_selected")
        for name in ("Arnaud", "Bertin", "Colin")
    ]
    waiting = validated(world, application=applicant(world, "Dupin"), outcome="waiting_list")
    page = client.get(url(world, "selection:decision_preview", decision="non-retenues"))
    assert "Envoyer les 3 e-mails de cette vue" in page.content.decode()
    fingerprint = page.context["view_fingerprint"]
    send = reverse("selection:decision_send", args=[world.call.slug])
    # Another decision validated since the view was read: nothing is sent.
    late = validated(world, application=applicant(world, "Evrard"), outcome="not_selected")
    response = client.post(send, {"vue": fingerprint, "decision": "non-retenues"}, follow=True)
    assert "Ces décisions ont changé depuis l'aperçu : rien n'a été envoyé." in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert not Decision.objects.filter(status="sent").exists()
    assert not OutboxMessage.objects.exists()
    late.delete()
    response = client.post(send, {"vue": fingerprint, "decision": "non-retenues"})
    assert response.status_code == 302
    statuses = dict(Decision.objects.values_list("pk", "status"))
    assert [statuses[d.pk] for d in made] == ["sent"] * 3
    assert statuses[waiting.pk] == "validated"  # outside the view
    assert OutboxMessage.objects.count() == 3
    # A forged or stale fingerprint sends nothing either.
    response = client.post(send, {"vue": "0" * 64})
    assert Decision.objects.filter(status="sent").count() == 3


# Outbox -------------------------------------------------------------------------------------


def listed(client, world, **params) -> list[int]:
    """The applications whose e-mail the outbox page lists, newest first."""
    response = client.get(url(world, "selection:decision_outbox", **params))
    return [item["subject"].pk for item in response.context["items"]]


def test_the_outbox_filters_by_delivery_state_and_searches(client, world):
    client.force_login(world.team)
    made = {
        name: sent(world, application=applicant(world, name), outcome="not_selected")
        for name in ("Arnaud", "Bertin", "Colin")
    }
    message = {
        name: OutboxMessage.objects.get(
            pk=ActivityLog.objects.get(
                action="decision.sent", object_id=str(decision.application_id)
            ).data["message"]
        )
        for name, decision in made.items()
    }
    OutboxMessage.objects.filter(pk=message["Bertin"].pk).update(status="failed", attempts=3)
    OutboxMessage.objects.filter(pk=message["Colin"].pk).update(status="sent")
    ids = {name: d.application_id for name, d in made.items()}
    assert set(listed(client, world)) == set(ids.values())
    assert listed(client, world, etat="en-attente") == [ids["Arnaud"]]
    assert listed(client, world, etat="en-echec") == [ids["Bertin"]]
    assert listed(client, world, etat="envoyes") == [ids["Colin"]]
    assert listed(client, world, q="bert") == [ids["Bertin"]]
    assert listed(client, world, etat="envoyes", q="bert") == []
    response = client.get(url(world, "selection:decision_outbox", q="bert"))
    counts = {s["key"]: s["count"] for s in response.context["states"]}
    assert counts == {"tous": 3, "en-attente": 1, "envoyes": 1, "en-echec": 1}
    assert "Renvoyer l’e-mail en échec" in response.content.decode()
    # Retrying from the list still queues the failed e-mail again.
    client.post(
        reverse("selection:decision_retry", args=[world.call.slug]),
        {"message": message["Bertin"].pk},
    )
    assert OutboxMessage.objects.get(pk=message["Bertin"].pk).status == "queued"
    assert listed(client, world, etat="en-echec") == []
    # An e-mail a worker is sending right now is still waiting.
    OutboxMessage.objects.filter(pk=message["Arnaud"].pk).update(status="sending")
    assert sorted(listed(client, world, etat="en-attente")) == sorted(
        [ids["Arnaud"], ids["Bertin"]]
    )


def test_the_outbox_is_paginated_and_leaves_out_the_conflicts(client, world, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(world.team)
    made = [
        sent(world, application=applicant(world, name), outcome="not_selected")
        for name in ("Arnaud", "Bertin", "Colin")
    ]
    declare_conflict(made[0].application, world.team, "Proche")
    first = client.get(url(world, "selection:decision_outbox"))
    assert first.context["page"].paginator.num_pages == 1 and first.context["hidden"] == 1
    sent(world, application=applicant(world, "Dupont"), outcome="not_selected")
    pages = [listed(client, world, page=n) for n in (1, 2)]
    # Newest first, the conflicted one left out.
    assert pages == [
        [Application.objects.get(last_name="Dupont").pk, made[2].application_id],
        [made[1].application_id],
    ]


# The same cost at two sizes -----------------------------------------------------------------


def grow(world, count, step):
    for index in range(count):
        step(world, application=applicant(world, f"Personne {index}"), outcome="not_selected")


@pytest.mark.parametrize(
    ("name", "step", "params"),
    [
        ("selection:decision_preview", validated, {}),
        ("selection:decision_preview", validated, {"decision": "non-retenues", "q": "personne"}),
        ("selection:decision_outbox", sent, {}),
        ("selection:decision_outbox", sent, {"etat": "en-attente", "q": "personne"}),
    ],
)
def test_a_page_costs_the_same_at_two_sizes(client, world, monkeypatch, name, step, params):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    client.force_login(world.team)
    grow(world, 6, step)
    small = measure(client, url(world, name, **params))
    grow(world, 14, step)
    large = measure(client, url(world, name, **params))
    assert large.queries == small.queries
    assert large.rows(Application) == small.rows(Application) <= 4
    assert large.rows(Decision) <= 4 and large.rows(OutboxMessage) <= 4
    assert abs(large.html - small.html) < 0.03 * small.html
