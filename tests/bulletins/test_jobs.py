"""The Thursday reminder and the Friday digest (issue #11, §4)."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohorte import periodic
from cohorte.bulletins import digest, jobs, reminders
from cohorte.bulletins.models import Bulletin, DigestSent, DigestSubscription, ReminderSent
from cohorte.notifications.models import OutboxMessage
from cohorte.programmes.models import Cohort
from tests.factories import ChallengeFactory, UserFactory

pytestmark = pytest.mark.django_db
WEEK = datetime.date(2027, 3, 8)
PARIS = datetime.timezone(datetime.timedelta(hours=1))  # March 2027: winter time
THURSDAY = datetime.datetime(2027, 3, 11, 10, 5, tzinfo=PARIS)
FRIDAY = datetime.datetime(2027, 3, 12, 16, 5, tzinfo=PARIS)


def publish(challenge, week=WEEK, shared=False, done="Fait"):
    return Bulletin.objects.create(
        challenge=challenge,
        week=week,
        done=done,
        shared=shared,
        published_at=datetime.datetime(2027, 3, 10, tzinfo=datetime.UTC),
    )


def mails():
    return {tuple(m.to): m for m in OutboxMessage.objects.all()}


def test_thursday_reminds_the_fellows_of_defis_without_a_published_bulletin(cohort_world):
    w = cohort_world
    publish(w.second)
    Bulletin.objects.create(challenge=w.first, week=WEEK, done="brouillon")  # a draft only
    other = ChallengeFactory(cohort=w.other_cohort)  # a running cohort with no fellow
    assert jobs.bulletin_reminders(THURSDAY - datetime.timedelta(days=1)) == 0  # Wednesday
    assert jobs.bulletin_reminders(THURSDAY.replace(hour=9)) == 0  # too early
    assert jobs.bulletin_reminders(THURSDAY) == 2  # Données de santé, Forêts
    sent = mails()
    first = tuple(sorted([w.users["fellow"].email, w.users["second_fellow"].email]))
    assert set(sent) == {first, (w.users["other_cohort_fellow"].email,)}
    assert sent[first].subject == "Le bulletin de la semaine du 8 mars 2027 n'est pas encore publié"
    assert f"/bulletins/defis/{w.first.pk}/semaine/2027-03-08/" in sent[first].body
    assert set(ReminderSent.objects.values_list("challenge", flat=True)) == {
        w.first.pk,
        w.users["other_cohort_fellow"].person.roles.get().challenge_id,
    }
    assert other.pk not in ReminderSent.objects.values_list("challenge", flat=True)
    # Once a week: later runs that Thursday send nothing again.
    assert jobs.bulletin_reminders(THURSDAY + datetime.timedelta(hours=3)) == 0
    assert OutboxMessage.objects.count() == 2


def test_no_reminder_for_cohorts_not_running_or_not_started(cohort_world):
    w = cohort_world
    Cohort.objects.filter(pk=w.other_cohort.pk).update(status=Cohort.Status.FINISHED)
    Cohort.objects.filter(pk=w.cohort.pk).update(start_date=datetime.date(2027, 3, 12))
    assert reminders.remind(WEEK) == 0
    assert not OutboxMessage.objects.exists()


def read_in(mail) -> set[str]:
    return {title for title in ("Données de santé", "Cadastre ouvert", "Forêts") if title in mail}


def test_friday_digest_gives_each_person_what_they_may_read(cohort_world):
    w = cohort_world
    publish(w.first, done="Santé")
    publish(w.second, shared=True, done="Cadastre")
    forest = w.users["other_cohort_fellow"].person.roles.get().challenge
    publish(forest, done="Forêts")
    Bulletin.objects.create(challenge=forest, week=WEEK - datetime.timedelta(days=7))
    subscriber = UserFactory()  # subscribed, but reads nothing: gets nothing
    DigestSubscription.objects.create(user=subscriber, cohort=w.cohort)
    # The director left the other cohort's digest: Forêts is not in theirs.
    DigestSubscription.objects.create(
        user=w.users["director"], cohort=w.other_cohort, receives=False
    )
    assert jobs.bulletin_digest(FRIDAY.replace(hour=15)) == 0  # too early
    assert jobs.bulletin_digest(FRIDAY) == 9
    sent = mails()
    got = {role: read_in(sent[(w.users[role].email,)].body) for role in w.users
           if (w.users[role].email,) in sent}  # fmt: skip
    every = {"Données de santé", "Cadastre ouvert", "Forêts"}
    assert got == {
        "team": every,
        "director": {"Données de santé", "Cadastre ouvert"},
        "link": every,
        "fellow": {"Données de santé", "Cadastre ouvert"},
        "second_fellow": {"Données de santé", "Cadastre ouvert"},
        "mentor": {"Données de santé", "Cadastre ouvert"},
        "other_fellow": {"Cadastre ouvert"},
        "senior_mentor": {"Cadastre ouvert"},
        "other_cohort_fellow": {"Forêts"},
    }
    mail = sent[(w.users["fellow"].email,)]
    assert mail.subject == "Les bulletins des défis de la semaine du 8 mars 2027"
    assert f"/bulletins/defis/{w.first.pk}/semaine/2027-03-08/" in mail.body
    assert "/bulletins/recapitulatif/" in mail.body
    assert DigestSent.objects.count() == 9
    # Once a week per person: a re-run sends nothing, a bulletin published since goes next week.
    publish(w.first, week=WEEK - datetime.timedelta(days=7), shared=True)
    assert digest.send(WEEK) == 0 and jobs.bulletin_digest(FRIDAY.replace(hour=20)) == 0
    assert OutboxMessage.objects.count() == 9


def test_a_crash_half_way_sends_each_digest_once(cohort_world, monkeypatch):
    w = cohort_world
    publish(w.first)
    boom = RuntimeError("disk full")

    def fail(*args, **kwargs):
        raise boom

    monkeypatch.setattr(DigestSent.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        digest.send(WEEK)
    assert not OutboxMessage.objects.exists()  # nothing half-recorded
    monkeypatch.undo()
    assert digest.send(WEEK) == 6  # team, director, link, the first défi's three
    assert digest.send(WEEK) == 0


def test_the_periodic_runner_runs_the_jobs(cohort_world):
    publish(cohort_world.first)
    with time_machine.travel(FRIDAY, tick=False):
        results = periodic.run_due(FRIDAY)
    assert results["bulletin_digest"] == "ok" and results["bulletin_reminders"] == "ok"
    assert DigestSent.objects.count() == 6


def test_the_digest_is_built_with_queries_constant_in_defis_and_people(cohort_world):
    w = cohort_world

    def grow(count):
        from tests.cohort_world import _member

        for index in range(count):
            challenge = ChallengeFactory(cohort=w.cohort, title=f"Défi {index}")
            _member("fellow", challenge, f"Eig Numero{index}", f"eig{challenge.pk}")
            _member("operational_mentor", challenge, f"Mentor Numero{index}", f"m{challenge.pk}")
            publish(challenge, shared=index % 2 == 0)

    def cost():
        DigestSent.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            digest.send(WEEK)
        return len(queries)

    grow(2)
    small = cost()
    grow(10)
    assert cost() == small
