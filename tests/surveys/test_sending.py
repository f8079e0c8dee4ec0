"""Sending a survey: one personal link per recipient through the outbox, once; reminders."""

import datetime
import hashlib

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.projects.models import OrganisationMember
from cohorte.surveys import domain
from cohorte.surveys.models import Invitation, Survey
from tests.factories import OrganisationMemberFactory, UserFactory

from .conftest import NOW, make_survey, secrets_sent, snapshot

pytestmark = pytest.mark.django_db


def url(name, survey):
    return reverse(f"surveys:{name}", args=[survey.cohort_id, survey.pk])


@pytest.mark.parametrize(
    "audience, addresses",
    [
        ("fellows", ["alex@example.org", "camille@example.org", "lea@example.org"]),
        ("mentors", ["morgane@example.org", "sacha@example.org"]),
        ("administrations", ["rh-second@example.org", "{hr}"]),
    ],
)
def test_sending_invites_each_recipient_once_with_a_personal_link(
    client, cohort_world, on_day, settings, audience, addresses
):
    settings.SITE_URL = "https://eig.example.org"
    world = cohort_world
    OrganisationMemberFactory(
        organisation=world.second.host_organisation, user=UserFactory(username="rh-second")
    )
    addresses = sorted(a.replace("{hr}", world.users["hr"].email) for a in addresses)
    survey = make_survey(world, audience=audience)
    client.force_login(world.users["team"])
    response = client.post(url("send", survey), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"Le questionnaire est envoyé à {len(addresses)} personnes."
    ]
    survey.refresh_from_db()
    assert survey.sent_at == NOW
    invitations = Invitation.objects.order_by("email")
    assert [i.email for i in invitations] == addresses
    assert all((i.sent_at, i.answered) == (NOW, False) for i in invitations)
    sent = secrets_sent()
    assert sorted(sent) == addresses
    for invitation in invitations:
        secret = sent[invitation.email]
        assert invitation.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    message = OutboxMessage.objects.order_by("pk").first()
    assert message.subject == "Questionnaire : Bilan de fin de programme"
    assert "jusqu'au 10 décembre 2027 à 18 h 00 (heure de Paris)" in message.body
    # The outbox shows no link: only the recipient can open the survey.
    assert "/questionnaires/" not in message.body
    assert "[lien ou code personnel masqué" in message.body
    log = ActivityLog.objects.get(action="survey.sent")
    assert (log.actor, log.data) == (world.users["team"], {"invitations": len(addresses)})
    if audience == "fellows":
        camille = Invitation.objects.get(email="camille@example.org")
        assert camille.person.full_name == "Camille Roux"


def test_a_second_click_sends_nothing_more(client, cohort_world, on_day):
    survey = make_survey(cohort_world)
    client.force_login(cohort_world.users["team"])
    client.post(url("send", survey), follow=True)
    before = snapshot()
    response = client.post(url("send", survey), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Ce questionnaire est déjà envoyé."]
    assert snapshot() == before
    # The domain re-reads the locked row: a stale copy of the survey sends nothing either.
    stale = Survey.objects.get(pk=survey.pk)
    stale.sent_at = None
    with pytest.raises(Exception, match="Ce questionnaire est déjà envoyé."):
        domain.send(stale, cohort_world.users["team"], NOW)
    assert snapshot() == before


@pytest.mark.parametrize(
    "change, message",
    [
        ("no_questions", "Ajoutez au moins une question avant d’envoyer le questionnaire."),
        ("past", "La date de clôture est passée : reportez-la avant d’envoyer le questionnaire."),
        ("nobody", "Personne n’a d’adresse e-mail parmi les destinataires."),
    ],
)
def test_what_cannot_be_sent(client, cohort_world, on_day, change, message):
    survey = make_survey(cohort_world, audience="administrations")
    if change == "no_questions":
        survey.questions.all().delete()
    elif change == "past":
        survey.closes_at = NOW - datetime.timedelta(minutes=1)
        survey.save()
    else:
        OrganisationMember.objects.all().delete()
    client.force_login(cohort_world.users["team"])
    before = snapshot()
    response = client.post(url("send", survey), follow=True)
    assert [str(m) for m in response.context["messages"]] == [message]
    assert snapshot() == before


def test_a_reminder_replaces_the_link_of_who_has_not_answered(client, cohort_world, on_day):
    world = cohort_world
    survey = make_survey(world, audience="mentors")
    client.force_login(world.users["team"])
    client.post(url("send", survey), follow=True)
    first = secrets_sent()
    morgane = Invitation.objects.get(email="morgane@example.org")
    morgane.answered = True
    morgane.save()
    sacha_hash = Invitation.objects.get(email="sacha@example.org").token_hash
    on_day.shift(datetime.timedelta(days=3))
    response = client.post(url("remind", survey), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Un nouveau lien est envoyé aux 1 personnes qui n’ont pas répondu."
    ]
    reminder = OutboxMessage.objects.order_by("pk").last()
    assert (reminder.to, reminder.subject) == (
        ["sacha@example.org"],
        "Rappel — questionnaire : Bilan de fin de programme",
    )
    second = secrets_sent()
    sacha = Invitation.objects.get(email="sacha@example.org")
    assert second["sacha@example.org"] != first["sacha@example.org"]
    assert sacha.token_hash == hashlib.sha256(second["sacha@example.org"].encode()).hexdigest()
    assert sacha.token_hash != sacha_hash
    assert sacha.sent_at == NOW + datetime.timedelta(days=3)
    # The first link stops working; the new one opens the survey.
    assert (
        client.get(reverse("surveys:answer", args=[first["sacha@example.org"]])).status_code == 404
    )
    assert (
        client.get(reverse("surveys:answer", args=[second["sacha@example.org"]])).status_code == 200
    )
    log = ActivityLog.objects.get(action="survey.reminded")
    assert (log.actor, log.data) == (world.users["team"], {"invitations": 1})


@pytest.mark.parametrize(
    "state, message",
    [
        ("not_sent", "Ce questionnaire n’est pas encore envoyé."),
        ("closed", "Ce questionnaire est clos : plus personne ne peut y répondre."),
        ("all_answered", "Tout le monde a déjà répondu."),
    ],
)
def test_what_cannot_be_reminded(client, cohort_world, on_day, state, message):
    survey = make_survey(cohort_world, audience="mentors")
    client.force_login(cohort_world.users["team"])
    if state != "not_sent":
        client.post(url("send", survey), follow=True)
    if state == "closed":
        Survey.objects.update(closes_at=NOW)
    if state == "all_answered":
        Invitation.objects.update(answered=True)
    before = snapshot()
    response = client.post(url("remind", survey), follow=True)
    assert [str(m) for m in response.context["messages"]] == [message]
    assert snapshot() == before
