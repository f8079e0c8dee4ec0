"""The programme's rules: audience, answers, attendance, figures, feedback, reminders, feeds."""

import base64

import pytest
from django.core.exceptions import ValidationError

from cohorte.events import attendance, feedback, feeds, jobs, programme, registrations, stats
from cohorte.events.audience import audience_users, events_for
from cohorte.events.models import Attendance, Event, Feedback, FeedbackAnswered, Registration
from cohorte.notifications.models import OutboxMessage
from tests.recruitment.conftest import actions

from .conftest import at, make_event

pytestmark = pytest.mark.django_db


def refused(call) -> str:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.messages[0]


def test_audience_follows_kind_and_defis(cohort_world, now):
    users, cohort = cohort_world.users, cohort_world.cohort
    both = make_event(cohort)
    fellows = make_event(cohort, audience=Event.Audience.FELLOWS)
    second = make_event(cohort, audience=Event.Audience.BOTH, challenges=[cohort_world.second])
    assert set(audience_users(both)) == {
        users[r] for r in ("fellow", "second_fellow", "other_fellow", "mentor", "senior_mentor")
    }
    assert set(audience_users(fellows)) == {
        users[r] for r in ("fellow", "second_fellow", "other_fellow")
    }
    assert set(audience_users(second)) == {users["other_fellow"], users["senior_mentor"]}
    assert set(events_for(users["fellow"])) == {both, fellows}
    assert set(events_for(users["senior_mentor"])) == {both, second}
    assert set(events_for(users["other_cohort_fellow"])) == set()
    assert set(events_for(users["team"])) == set()


def test_register_excuse_withdraw(cohort_world, now):
    fellow = cohort_world.users["fellow"]
    event = make_event(cohort_world.cohort, capacity=1)
    registrations.register(event, fellow)
    assert registrations.state_of(event, fellow) == "registered"
    assert actions(event) == [("event.registered", {})]
    other = cohort_world.users["second_fellow"]
    assert refused(lambda: registrations.register(event, other)) == "Cet événement est complet."
    assert not Registration.objects.filter(user=other).exists()
    registrations.withdraw(event, fellow)
    assert not Registration.objects.exists()
    assert refused(lambda: registrations.excuse(event, other, "  ")) == (
        "Indiquez la raison de votre absence."
    )
    assert refused(lambda: registrations.excuse(event, other, "x" * 2001)) == (
        "La raison tient en 2 000 caractères au plus."
    )
    assert not Registration.objects.exists()
    registrations.excuse(event, other, "En congé")
    answer = Registration.objects.get(user=other)
    assert (answer.state, answer.reason) == ("excused", "En congé")
    assert actions(event)[-2:] == [("event.unregistered", {}), ("event.excused", {})]


def test_refusals_change_nothing(cohort_world, now):
    users, cohort = cohort_world.users, cohort_world.cohort
    begun = make_event(cohort, starts_at=at(1, 9), ends_at=at(1, 12))
    assert refused(lambda: registrations.register(begun, users["fellow"])) == (
        "Cet événement a déjà commencé : vous ne pouvez plus répondre."
    )
    elsewhere = make_event(cohort, challenges=[cohort_world.second])
    assert refused(lambda: registrations.register(elsewhere, users["fellow"])) == (
        "Cet événement ne s’adresse pas à vous."
    )
    cancelled = make_event(cohort)
    programme.cancel(cancelled, users["team"])
    assert refused(lambda: registrations.register(cancelled, users["fellow"])) == (
        "Cet événement est annulé."
    )
    assert not Registration.objects.exists()


def test_edit_and_cancel_send_itip_to_registrants(cohort_world, now):
    users = cohort_world.users
    event = make_event(cohort_world.cohort)
    registrations.register(event, users["fellow"])
    event.place = "Ségur, salle 5"
    programme.save_event(
        event, challenges=[], profiles=[], people=[], external=[("Ada", "Inria")],
        actor=users["team"],
    )  # fmt: skip
    assert event.sequence == 1
    assert actions(event)[-1] == (
        "event.updated",
        {"title": event.title, "starts_at": event.starts_at.isoformat(), "sequence": 1},
    )
    mail = OutboxMessage.objects.get()
    assert mail.to == ["camille@example.org"]
    assert mail.subject == "Modifié : Session collective de février"
    ics = base64.b64decode(mail.attachments[0]["content"]).decode()
    assert "METHOD:REQUEST" in ics and "SEQUENCE:1" in ics and "Ségur\\, salle 5" in ics
    assert mail.attachments[0]["content_type"] == "text/calendar; method=REQUEST; charset=UTF-8"
    assert [str(s) for s in event.speakers.all()] == ["Ada (Inria)"]
    programme.cancel(event, users["team"])
    assert actions(event)[-1] == ("event.cancelled", {"sequence": 2})
    mail = OutboxMessage.objects.latest("pk")
    assert mail.subject == "Annulé : Session collective de février"
    ics = base64.b64decode(mail.attachments[0]["content"]).decode()
    assert "METHOD:CANCEL" in ics and "SEQUENCE:2" in ics and "STATUS:CANCELLED" in ics
    assert (
        refused(lambda: programme.cancel(event, users["team"])) == "Cet événement est déjà annulé."
    )


def test_event_ending_before_it_starts_is_refused(cohort_world, now):
    event = Event(cohort=cohort_world.cohort, title="x", starts_at=at(10, 14), ends_at=at(10, 9))
    assert (
        refused(
            lambda: programme.save_event(
                event, challenges=[], profiles=[], people=[], external=[], actor=None
            )
        )
        == "La fin de l’événement doit être après son début."
    )
    assert not Event.objects.exists()


def test_capacity_below_the_registered_is_refused(cohort_world, now):
    users = cohort_world.users
    event = make_event(cohort_world.cohort, capacity=5)
    for name in ("fellow", "second_fellow", "other_fellow"):
        registrations.register(event, users[name], now)
    event.capacity = 2
    assert refused(
        lambda: programme.save_event(
            event, challenges=[], profiles=[], people=[], external=[], actor=users["team"]
        )
    ) == ("3 personnes sont déjà inscrites : la capacité ne peut pas descendre en dessous.")
    event.refresh_from_db()
    assert (event.capacity, event.sequence) == (5, 0)
    event.capacity = 3
    programme.save_event(
        event, challenges=[], profiles=[], people=[], external=[], actor=users["team"]
    )
    event.refresh_from_db()
    assert (event.capacity, event.sequence) == (3, 1)


def test_attendance_and_missed_mandatory(cohort_world, now):
    users, cohort = cohort_world.users, cohort_world.cohort
    past = make_event(
        cohort, mandatory=True, audience=Event.Audience.FELLOWS,
        starts_at=at(20, 9, month=1), ends_at=at(20, 12, month=1),
    )  # fmt: skip
    make_event(cohort, mandatory=True, starts_at=at(20, 9), ends_at=at(20, 12))  # to come
    attendance.save(past, {users["fellow"].pk}, users["team"])
    assert actions(past)[-1] == ("event.attendance", {"present": 1})
    assert refused(
        lambda: attendance.save(past, {users["fellow"].pk, users["hr"].pk}, users["team"])
    ) == (
        "Une personne cochée ne fait pas partie du public de cet événement : "
        "rien n’a été enregistré."
    )
    assert set(Attendance.objects.values_list("user_id", flat=True)) == {users["fellow"].pk}
    rows = attendance.roll(past)
    assert [row["present"] for row in rows if row["user"] == users["fellow"]] == [True]
    assert stats.missed_mandatory(cohort) == {
        users["second_fellow"].pk: 1,
        users["other_fellow"].pk: 1,
    }
    assert stats.missed_by_challenge(cohort) == {
        cohort_world.first.pk: 1,
        cohort_world.second.pk: 1,
    }
    attendance.save(past, {users["fellow"].pk, users["second_fellow"].pk}, users["team"])
    assert stats.missed_by_challenge(cohort) == {
        cohort_world.first.pk: 0,
        cohort_world.second.pk: 1,
    }


def test_anonymous_feedback_keeps_no_link(cohort_world, now):
    users = cohort_world.users
    event = make_event(cohort_world.cohort, starts_at=at(20, 9, 1), ends_at=at(20, 12, 1))
    fellow = users["fellow"]

    def give(user, anonymous=True):
        feedback.give(
            event, user, rating=4, useful="Les retours", improve="", anonymous=anonymous, now=now
        )

    assert refused(lambda: give(fellow)) == "Seules les personnes présentes donnent leur avis."
    attendance.save(event, {fellow.pk, users["mentor"].pk}, users["team"])
    give(fellow)
    assert list(Feedback.objects.values_list("user_id", "rating")) == [(None, 4)]
    assert FeedbackAnswered.objects.filter(user=fellow).exists()
    assert refused(lambda: give(fellow)) == "Vous avez déjà donné votre avis sur cet événement."
    give(users["mentor"], anonymous=False)
    results = feedback.results(event)
    assert (results["count"], results["mean"], results["useful"]) == (
        2, 4.0, ["Les retours", "Les retours"],
    )  # fmt: skip
    assert results["per_rating"] == [(5, 0), (4, 2), (3, 0), (2, 0), (1, 0)]


def test_reminders_once_per_event(cohort_world, now):
    users = cohort_world.users
    tomorrow = make_event(cohort_world.cohort, starts_at=at(2, 9), ends_at=at(2, 12))
    mandatory = make_event(
        cohort_world.cohort, mandatory=True, audience=Event.Audience.FELLOWS,
        starts_at=at(2, 8), ends_at=at(2, 9),
    )  # fmt: skip
    later = make_event(cohort_world.cohort, starts_at=at(9, 9), ends_at=at(9, 12))
    registrations.register(tomorrow, users["mentor"])
    registrations.register(later, users["mentor"])
    registrations.excuse(mandatory, users["other_fellow"], "Malade")
    jobs.remind(now)
    jobs.remind(now)
    sent = sorted((m.to[0], m.subject) for m in OutboxMessage.objects.all())
    assert sent == [
        ("alex@example.org", "Rappel : Session collective de février, le 02/02/2027 à 08:00"),
        ("camille@example.org", "Rappel : Session collective de février, le 02/02/2027 à 08:00"),
        ("morgane@example.org", "Rappel : Session collective de février, le 02/02/2027 à 09:00"),
    ]
    assert Event.objects.filter(reminded_at__isnull=False).count() == 2


def test_feed_tokens(cohort_world, now):
    fellow = cohort_world.users["fellow"]
    token = feeds.regenerate(fellow)
    assert len(token) >= 43 and feeds.owner(token) == fellow
    assert feeds.owner("inconnu") is None
    feeds.revoke(fellow)
    assert feeds.owner(token) is None
    assert [a for a, _d in actions(fellow)] == ["event.feed_regenerated", "event.feed_revoked"]


def test_email_registrants(cohort_world, now):
    users = cohort_world.users
    event = make_event(cohort_world.cohort)
    assert refused(lambda: programme.email_registrants(event, "Objet", "Texte", users["team"])) == (
        "Personne n’est inscrit à cet événement."
    )
    registrations.register(event, users["fellow"])
    assert programme.email_registrants(event, "Objet", "Texte", users["team"]) == 1
    assert actions(event)[-1] == ("event.emailed", {"email_subject": "Objet", "recipients": 1})
    assert [(m.to, m.subject, m.body) for m in OutboxMessage.objects.all()] == [
        (["camille@example.org"], "Objet", "Texte")
    ]
