"""Sustainment (issue #12, §2): the state after the programme, its history, the 6, 12 and
24-month follow-ups scheduled, sent to the mentors and answered by their personal link."""

import datetime
import hashlib
import html
import json
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.sealing import unseal
from cohorte.outcomes import domain, jobs
from cohorte.outcomes.models import FollowUp, Sustainment
from cohorte.people.models import Person
from tests.outcomes.conftest import END, at

pytestmark = pytest.mark.django_db
TEAM_ADDRESSES = ["direction@example.org", "equipe@example.org"]
ANSWER = {
    "state": "sustained",
    "by": "new_contract",
    "carried_by": "Agence du numérique en santé",
    "since": "2028-03-01",
    "product_url": "https://sante.example.gouv.fr",
    "note": "Un marché de trois ans.",
}


def text(response) -> str:
    return html.unescape(response.content.decode())


def _sent_link(mail) -> str:
    """The personal link of a follow-up e-mail (the outbox stores it masked, sealed apart)."""
    body = json.loads(unseal(mail.sealed_body))["body"]
    return re.search(r"/suivi-perennisation/[^/\s]+/", body).group(0)


def _send_first_six_months(on_day):
    on_day(domain.add_months(END, 6))
    jobs.follow_up(domain.add_months(END, 6), at(domain.add_months(END, 6)))


def test_follow_ups_are_scheduled_once_and_move_with_the_end_date(cohort_world):
    world = cohort_world
    assert domain.schedule(world.cohort) == 6
    assert domain.schedule(world.cohort) == 0
    dues = sorted(FollowUp.objects.filter(challenge=world.first).values_list("months", "due_on"))
    assert dues == [
        (6, datetime.date(2028, 5, 30)),
        (12, datetime.date(2028, 11, 30)),
        (24, datetime.date(2029, 11, 30)),
    ]
    assert FollowUp.objects.filter(challenge__cohort=world.other_cohort).count() == 0  # no end
    world.cohort.end_date = datetime.date(2027, 12, 15)
    world.cohort.save()
    assert domain.schedule(world.cohort) == 0
    assert FollowUp.objects.get(challenge=world.first, months=12).due_on == datetime.date(
        2028, 12, 15
    )


def test_the_job_sends_each_due_follow_up_once_to_every_mentor(cohort_world, on_day):
    world = cohort_world
    Person.objects.filter(user=world.users["mentor"]).update(email="morgane.pro@example.gouv.fr")
    on_day(datetime.date(2028, 5, 29))
    assert jobs.follow_up(datetime.date(2028, 5, 29), at(datetime.date(2028, 5, 29))) == (6, 0)
    assert not OutboxMessage.objects.exists()
    _send_first_six_months(on_day)
    mails = {tuple(m.to): m for m in OutboxMessage.objects.all()}
    assert set(mails) == {("morgane.pro@example.gouv.fr",), ("sacha@example.org",)}
    mail = mails[("morgane.pro@example.gouv.fr",)]
    assert mail.subject == "Que devient le défi « Données de santé » ?"
    assert "Il y a 6 mois, le défi « Données de santé » terminait le programme" in mail.body
    link = _sent_link(mail)
    follow_up = FollowUp.objects.get(challenge=world.first, months=6)
    token = link.split("/")[2]
    assert token not in mail.body  # the secret is masked in the outbox
    assert follow_up.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert follow_up.sent_at == at(datetime.date(2028, 5, 30))
    log = ActivityLog.objects.get(action="outcomes.follow_up_sent", object_id=str(follow_up.pk))
    assert log.data == {"challenge": world.first.pk, "months": 6, "recipients": 1}
    # Run again, the day after: nothing is sent twice.
    on_day(datetime.date(2028, 5, 31))
    assert jobs.follow_up(datetime.date(2028, 5, 31), at(datetime.date(2028, 5, 31))) == (0, 0)
    assert OutboxMessage.objects.count() == 2
    assert settings.SITE_URL.startswith("http")


def test_a_mentor_answers_by_the_personal_link(client, cohort_world, on_day):
    world = cohort_world
    _send_first_six_months(on_day)
    mail = OutboxMessage.objects.get(to=["morgane@example.org"])
    link = _sent_link(mail)
    OutboxMessage.objects.all().delete()
    ActivityLog.objects.all().delete()
    on_day(datetime.date(2028, 6, 2))
    page = text(client.get(link))
    assert "Que devient le défi « Données de santé » ?" in page
    assert "Aucun état noté depuis la fin du programme." in page
    response = client.post(link, ANSWER)
    assert response.status_code == 200
    assert "Merci, votre réponse est enregistrée." in text(response)
    entry = Sustainment.objects.get()
    follow_up = FollowUp.objects.get(challenge=world.first, months=6)
    assert (entry.challenge, entry.state, entry.by, entry.since, entry.follow_up) == (
        world.first,
        "sustained",
        "new_contract",
        datetime.date(2028, 3, 1),
        follow_up,
    )
    assert entry.recorded_by is None
    assert follow_up.answered_at == at(datetime.date(2028, 6, 2))
    assert sorted(ActivityLog.objects.values_list("action", flat=True)) == [
        "outcomes.follow_up_answered",
        "outcomes.sustainment_recorded",
    ]
    mail = OutboxMessage.objects.get()
    assert mail.to == TEAM_ADDRESSES
    assert mail.subject == "Suivi à 6 mois du défi « Données de santé »"
    assert "a reçu une réponse : pérennisé depuis le 1er mars 2028." in mail.body
    # Answered twice: a page saying when, nothing changed.
    again = client.post(link, {**ANSWER, "state": "stopped"})
    assert again.status_code == 200
    assert "Ce suivi a déjà reçu une réponse le 2 juin 2028. Merci !" in text(again)
    assert Sustainment.objects.count() == 1 and OutboxMessage.objects.count() == 1
    assert ActivityLog.objects.count() == 2


def test_a_forged_or_unknown_link_is_a_404(client, cohort_world, on_day):
    world = cohort_world
    domain.schedule(world.cohort)
    scheduled = FollowUp.objects.filter(sent_at__isnull=True).count()
    for token in ["nimportequoi", "x" * 43, "a" * 500]:
        assert client.get(f"/suivi-perennisation/{token}/").status_code == 404
        assert client.post(f"/suivi-perennisation/{token}/", ANSWER).status_code == 404
    assert not Sustainment.objects.exists()
    assert FollowUp.objects.filter(sent_at__isnull=True, answered_at__isnull=True).count() == (
        scheduled
    )


def test_a_resent_follow_up_kills_the_previous_link(client, cohort_world, on_day):
    world = cohort_world
    _send_first_six_months(on_day)
    old = _sent_link(OutboxMessage.objects.get(to=["morgane@example.org"]))
    follow_up = FollowUp.objects.get(challenge=world.first, months=6)
    client.force_login(world.users["team"])
    response = client.post(reverse("outcomes:resend", args=[world.first.pk, follow_up.pk]))
    assert response.status_code == 302
    new = _sent_link(OutboxMessage.objects.filter(to=["morgane@example.org"]).latest("pk"))
    assert new != old
    log = ActivityLog.objects.filter(action="outcomes.follow_up_sent").latest("pk")
    assert log.actor == world.users["team"]
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_date_before_the_end_of_the_programme_changes_nothing(client, cohort_world, on_day):
    world = cohort_world
    _send_first_six_months(on_day)
    link = _sent_link(OutboxMessage.objects.get(to=["morgane@example.org"]))
    before = OutboxMessage.objects.count()
    response = client.post(link, {**ANSWER, "since": "2027-11-29"})
    assert response.status_code == 400
    assert "La date doit être postérieure à la fin du programme (30 novembre 2027)." in text(
        response
    )
    assert not Sustainment.objects.exists()
    assert FollowUp.objects.get(challenge=world.first, months=6).answered_at is None
    assert not ActivityLog.objects.filter(action__startswith="outcomes.follow_up_answered")
    assert OutboxMessage.objects.count() == before


def test_the_team_records_a_state_with_its_history(client, cohort_world, on_day):
    on_day(datetime.date(2028, 2, 1))
    world = cohort_world
    client.force_login(world.users["director"])
    url = reverse("outcomes:sustainment", args=[world.second.pk])
    assert client.post(url, {"state": "paused", "since": "2027-12-01"}).status_code == 302
    assert client.post(url, {**ANSWER, "since": "2028-01-15"}).status_code == 302
    history = list(Sustainment.objects.filter(challenge=world.second))
    assert [(e.state, e.since) for e in history] == [
        ("sustained", datetime.date(2028, 1, 15)),
        ("paused", datetime.date(2027, 12, 1)),
    ]
    assert history[0].recorded_by == world.users["director"]
    logs = ActivityLog.objects.filter(action="outcomes.sustainment_recorded").order_by("pk")
    assert [log.data["state"] for log in logs] == ["paused", "sustained"]
    mails = OutboxMessage.objects.order_by("pk")
    assert [m.to for m in mails] == [["lea@example.org", "sacha@example.org"]] * 2
    assert "en pause depuis le 1er décembre 2027." in mails[0].body
    page = text(client.get(reverse("outcomes:challenge", args=[world.second.pk])))
    assert page.index("15/01/2028") < page.index("01/12/2027")
    assert "Agence du numérique en santé" in page


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"since": "2027-11-01"}, "La date doit être postérieure à la fin du programme "
         "(30 novembre 2027)."),
        ({"by": ""}, "Indiquez qui porte le défi pérennisé."),
        ({"product_url": "sante.example gouv"}, "Saisissez une URL valide."),
    ],
)  # fmt: skip
def test_a_bad_state_changes_nothing(client, cohort_world, values, message):
    world = cohort_world
    client.force_login(world.users["team"])
    response = client.post(
        reverse("outcomes:sustainment", args=[world.first.pk]), {**ANSWER, **values}
    )
    assert response.status_code == 400
    assert message in text(response)
    assert not Sustainment.objects.exists()
    assert not ActivityLog.objects.exists() and not OutboxMessage.objects.exists()


def test_a_mentor_answers_from_their_space_only_their_own_defi(client, cohort_world, on_day):
    world = cohort_world
    _send_first_six_months(on_day)
    OutboxMessage.objects.all().delete()
    mine = FollowUp.objects.get(challenge=world.first, months=6)
    other = FollowUp.objects.get(challenge=world.second, months=6)
    client.force_login(world.users["mentor"])
    listing = text(client.get(reverse("outcomes:mine")))
    assert "Défi « Données de santé » : suivi à 6 mois" in listing
    assert "Cadastre ouvert" not in listing
    # Another défi's follow-up under their own défi's address: 404; under its own: 403.
    wrong = reverse("outcomes:mentor_answer", args=[world.first.pk, other.pk])
    assert client.post(wrong, ANSWER).status_code == 404
    foreign = reverse("outcomes:mentor_answer", args=[world.second.pk, other.pk])
    assert client.post(foreign, ANSWER).status_code == 403
    assert not Sustainment.objects.exists()
    assert FollowUp.objects.filter(answered_at__isnull=False).count() == 0
    assert not ActivityLog.objects.filter(action__startswith="outcomes.follow_up_ans").exists()
    # A fellow of the défi does not answer its follow-ups.
    client.force_login(world.users["fellow"])
    own = reverse("outcomes:mentor_answer", args=[world.first.pk, mine.pk])
    assert client.post(own, ANSWER).status_code == 403
    client.force_login(world.users["mentor"])
    response = client.post(own, ANSWER)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.answered_by == world.users["mentor"]
    assert Sustainment.objects.get().recorded_by == world.users["mentor"]
    assert [m.to for m in OutboxMessage.objects.all()] == [TEAM_ADDRESSES]
    # A follow-up not yet due nor sent is not answered ahead of time.
    later = FollowUp.objects.get(challenge=world.first, months=12)
    assert (
        client.get(reverse("outcomes:mentor_answer", args=[world.first.pk, later.pk])).status_code
        == 404
    )


def test_two_answers_at_once_keep_the_first(cohort_world, on_day):
    world = cohort_world
    _send_first_six_months(on_day)
    first = FollowUp.objects.get(challenge=world.first, months=6)
    stale = FollowUp.objects.get(pk=first.pk)  # read by a second request before the first answer
    values = {**ANSWER, "since": datetime.date(2028, 3, 1)}
    domain.answer(first, values, None, at(datetime.date(2028, 6, 1)))
    counts = (
        Sustainment.objects.count(),
        ActivityLog.objects.count(),
        OutboxMessage.objects.count(),
    )
    with pytest.raises(ValidationError) as refused:
        domain.answer(stale, {**values, "state": "stopped"}, None, at(datetime.date(2028, 6, 2)))
    assert refused.value.messages == ["Ce suivi a déjà reçu une réponse."]
    assert counts == (
        Sustainment.objects.count(),
        ActivityLog.objects.count(),
        OutboxMessage.objects.count(),
    )
    assert Sustainment.objects.get().state == "sustained"
    first.refresh_from_db()
    assert first.answered_at == at(datetime.date(2028, 6, 1))
