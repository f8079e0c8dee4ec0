"""Composing an edition, testing it, sending it once in batches through the outbox."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.content.models import Post
from cohorte.newsletter import jobs, tasks, tokens
from cohorte.newsletter.models import Delivery, Edition, Subscriber
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import deliver
from tests.factories import CallFactory, PostFactory

from .conftest import NOW, UNSUBSCRIBE, confirmed, link_in, sealed, snapshot, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(client, cohort_world, on_day, settings):
    settings.SITE_URL = "https://eig.example.org"
    client.force_login(cohort_world.users["team"])
    return cohort_world.users["team"]


def edition(team, **values) -> Edition:
    values = {"subject": "La lettre de mars", "intro": "Bonjour à toutes et à tous.",
              "calls": True, "articles": True, "jobs": True, **values}  # fmt: skip
    return Edition.objects.create(created_by=team, **values)


def post_form(client, data, edition_id=None):
    base = {"subject": "La lettre de mars", "intro": "", "include_calls": "on", "calls": "on"}
    url = reverse("newsletter:edit", args=[edition_id]) if edition_id else reverse("newsletter:new")
    return client.post(url, {**base, **data})


def test_the_team_composes_an_edition_and_previews_what_subscribers_read(client, team):
    CallFactory(title="Appel à candidatures EIG 8", closes_at=NOW + datetime.timedelta(days=10))
    # Dated here: the factory's default dates go back a day per post made in the session,
    # and an edition offers the last four months' posts only.
    recent = {"published_at": NOW - datetime.timedelta(days=3)}
    article = PostFactory(
        title="Retour sur la promotion 7", description="Ce qu’ils ont fait.", **recent
    )
    offer = PostFactory(title="Chargé·e de mission", kind=Post.Kind.JOB, **recent)
    filled = PostFactory(title="Offre pourvue", kind=Post.Kind.JOB, filled=True, **recent)
    response = post_form(client, {"posts": [article.pk, offer.pk, filled.pk], "articles": "on"})
    created = Edition.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("newsletter:edition", args=[created.pk])
    assert (created.created_by, created.status, created.topic_names()) == (
        team, Edition.Status.DRAFT, ["calls", "articles"],
    )  # fmt: skip
    log = ActivityLog.objects.get(action="newsletter.edition_saved")
    assert (log.actor, log.subject, log.data) == (team, created, {"created": True})
    preview = text(client.get(response.url))
    assert (
        "La lettre de mars<br><br>Les appels ouverts<br>- Appel à candidatures EIG 8 : "
        "jusqu’au 25/03/2027 à 10:00<br>  https://eig.example.org/appels/appel-a-candidatures-eig-8/"
    ).replace("’", "'") in preview
    assert "À lire<br>- Retour sur la promotion 7" in preview
    assert "Offres d’emploi<br>- Chargé·e de mission" in preview
    assert "Offre pourvue" not in preview.split("Aperçu du message")[1]
    assert "Se désinscrire en un clic : (le lien personnel de chaque abonné·e)" in preview


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"subject": "  "}, "subject", "Ce champ est obligatoire."),
        ({"calls": ""}, "calls", "Choisissez au moins un sujet."),
        ({"posts": ["999"]}, "posts", "Sélectionnez un choix valide. 999 n’en fait pas partie."),
    ],
)
def test_a_bad_edition_says_why_and_changes_nothing(client, team, data, field, message):
    before = snapshot()
    response = post_form(client, data)
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert snapshot() == before
    assert not ActivityLog.objects.filter(action__startswith="newsletter.").exists()


def test_a_test_goes_to_the_team_member_and_is_required_before_sending(client, team):
    draft = edition(team)
    confirmed("alice@example.org")
    refused = client.post(reverse("newsletter:send", args=[draft.pk]), follow=True)
    assert [str(m) for m in refused.context["messages"]] == [
        "Envoyez d’abord la lettre en test à votre adresse, puis relisez-la."
    ]
    assert Edition.objects.get().status == Edition.Status.DRAFT
    client.post(reverse("newsletter:test", args=[draft.pk]))
    message = OutboxMessage.objects.get()
    assert (message.to, message.subject) == ([team.email], "[Test] La lettre de mars")
    assert Edition.objects.get().test_sent_at == NOW
    assert ActivityLog.objects.filter(action="newsletter.test_sent", actor=team).count() == 1
    # Any change calls for a new test.
    post_form(client, {"subject": "La lettre de mars, corrigée"}, draft.pk)
    assert Edition.objects.get().test_sent_at is None


def sendable(client, team, **values) -> Edition:
    draft = edition(team, **values)
    client.post(reverse("newsletter:test", args=[draft.pk]), follow=True)  # its message read
    return draft


def test_sending_twice_by_a_double_click_sends_once(
    client, team, django_capture_on_commit_callbacks
):
    confirmed("alice@example.org")
    draft = sendable(client, team)
    with django_capture_on_commit_callbacks() as callbacks:
        first = client.post(reverse("newsletter:send", args=[draft.pk]), follow=True)
        second = client.post(reverse("newsletter:send", args=[draft.pk]), follow=True)
    assert [str(m) for m in first.context["messages"]] == [
        "Envoi commencé : les messages partent par lots."
    ]
    assert [str(m) for m in second.context["messages"]] == [
        "Cette lettre est déjà partie : elle n’est envoyée qu’une fois."
    ]
    sending = Edition.objects.get()
    assert (sending.status, sending.sending_started_at) == (Edition.Status.SENDING, NOW)
    assert sending.frozen_body.startswith("La lettre de mars\n\nBonjour à toutes et à tous.")
    log = ActivityLog.objects.get(action="newsletter.sending_started")
    assert (log.actor, log.data) == (team, {"recipients": 1})
    assert len(callbacks) == 1  # one batch queued


def test_nobody_to_send_to_is_refused(client, team):
    confirmed("alice@example.org", jobs=True)
    Subscriber.objects.create(email="pending@example.org", calls=True)
    draft = sendable(client, team, articles=False, jobs=False)
    response = client.post(reverse("newsletter:send", args=[draft.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Aucun·e abonné·e confirmé·e ne suit les sujets de cette lettre : rien à envoyer."
    ]
    assert Edition.objects.get().status == Edition.Status.DRAFT


def test_batches_serve_each_subscriber_once_with_a_personal_unsubscribe_link(
    client, team, settings
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    people = [confirmed(f"p{n}@example.org", jobs=n != 3) for n in range(5)]
    confirmed("bounced@example.org").__class__.objects.filter(email="bounced@example.org").update(
        bounced_at=NOW
    )
    Subscriber.objects.create(email="pending@example.org", calls=True, articles=True, jobs=True)
    draft = sendable(client, team, calls=False, articles=False)
    client.post(reverse("newsletter:send", args=[draft.pk]))
    test_messages = OutboxMessage.objects.count()
    assert [tasks.send_batch.call(draft.pk) for _ in range(3)] == ["queued", "queued", "sent"]
    # A batch run again (a worker that died, a job that resumed it) sends nobody twice.
    assert tasks.send_batch.call(draft.pk) == "skipped"
    deliveries = Delivery.objects.filter(edition=draft).order_by("subscriber_id")
    wanted = [p for n, p in enumerate(people) if n != 3]
    assert [d.subscriber for d in deliveries] == wanted
    assert OutboxMessage.objects.count() == test_messages + 4
    sent = Edition.objects.get()
    assert (sent.status, sent.sent_at) == (Edition.Status.SENT, NOW)
    for delivery in deliveries:
        message = delivery.message
        assert message.kind == OutboxMessage.Kind.NEWSLETTER
        assert message.to == [delivery.subscriber.email]
        # The team's outbox shows no working unsubscribe link; the recipient's copy has it.
        assert "/lettre/desinscription/" not in message.body + str(message.headers)
        link = tokens.unsubscribe_link(delivery.subscriber)
        assert sealed(message)["headers"] == {
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        assert link_in(message, UNSUBSCRIBE) == link.removeprefix("https://eig.example.org")
    assert deliver.call(deliveries[0].message_id) == "sent"
    email = mail.outbox[-1]
    assert email.to == ["p0@example.org"]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.message()["List-Unsubscribe"] == f"<{tokens.unsubscribe_link(people[0])}>"


def test_a_stalled_sending_is_resumed_by_the_periodic_job(client, team, settings):
    settings.NEWSLETTER_BATCH_SIZE, settings.NEWSLETTER_BATCH_SECONDS = 1, 60
    confirmed("a@example.org"), confirmed("b@example.org")
    draft = sendable(client, team)
    client.post(reverse("newsletter:send", args=[draft.pk]))
    assert tasks.send_batch.call(draft.pk) == "queued"
    # The worker holding the next batch died: nothing happens until the job picks it up.
    assert jobs.resume_stalled(NOW + datetime.timedelta(minutes=6)) == 0
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(task_path="cohorte.newsletter.tasks.send_batch").count()
    assert jobs.resume_stalled(NOW + datetime.timedelta(minutes=6, seconds=1)) == 1
    assert (
        DBTaskResult.objects.filter(task_path="cohorte.newsletter.tasks.send_batch").count()
        == queued + 1
    )
    assert tasks.send_batch.call(draft.pk) == "queued"
    assert tasks.send_batch.call(draft.pk) == "sent"
    assert Delivery.objects.filter(edition=draft).count() == 2
