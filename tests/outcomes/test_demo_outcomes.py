"""The demo after the programme (issue #12): Promotion 7 and 8 closed, their défis' results,
sustainment history and follow-ups by the dates, their fellows' paths and consents."""

import datetime

import pytest
import time_machine

from cohorte.alumni.models import AlumniProfile, CareerStep
from cohorte.challenges.models import Challenge
from cohorte.demo import build_demo
from cohorte.notifications.models import OutboxMessage
from cohorte.outcomes.models import Closing, Deliverables, FollowUp, Result, Sustainment
from cohorte.people.models import Role
from cohorte.programmes.models import Cohort

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 6, 9, tzinfo=datetime.UTC)


def fingerprint():
    return (
        sorted(Result.objects.values_list("challenge__slug", "verdict")),
        sorted(Sustainment.objects.values_list("challenge__slug", "state", "by", "since")),
        sorted(FollowUp.objects.values_list("challenge__slug", "months", "answered_at")),
        sorted(CareerStep.objects.values_list("person__slug", "situation", "since")),
        sorted(AlumniProfile.objects.values_list("person__slug", "path_public", "in_directory")),
    )


@pytest.fixture
def demo():
    with time_machine.travel(NOW, tick=False):
        build_demo()
        yield


def test_promotion_7_and_8_after_their_programme(demo, client):
    seventh = Cohort.objects.get(name="Promotion 7")
    eighth = Cohort.objects.get(name="Promotion 8")
    assert (seventh.status, seventh.end_date) == ("finished", datetime.date(2024, 12, 15))
    assert eighth.end_date == datetime.date(2025, 12, 15)
    assert seventh.challenges.filter(status=Challenge.Status.FINISHED).count() == 6
    for kind in ("fellow", "operational_mentor", "senior_mentor"):
        assert Role.objects.filter(cohort=seventh, kind=kind).count() == (
            12 if kind == "fellow" else 6
        )
    for cohort, defis in ((seventh, 6), (eighth, 9)):
        assert Closing.objects.get(cohort=cohort).report_sections[0] == "Contexte et objectifs"
        assert Deliverables.objects.filter(challenge__cohort=cohort).count() == defis
        assert Result.objects.filter(challenge__cohort=cohort).count() == defis
        assert FollowUp.objects.filter(challenge__cohort=cohort).count() == defis * 3
    # Promotion 8's last défi never handed its links in.
    assert (
        Deliverables.objects.filter(challenge__cohort=eighth, links_submitted_at=None).count() == 1
    )
    # By the dates: Promotion 7 answered at 6 and 12 months, its 24-month one (15 December
    # 2026) still to come; Promotion 8 answered at 6 months, its 12-month one to come.
    answered = sorted(
        set(
            FollowUp.objects.filter(answered_at__isnull=False).values_list(
                "challenge__cohort__number", "months"
            )
        )
    )
    assert answered == [(7, 6), (7, 12), (8, 6)]
    assert not FollowUp.objects.filter(months=24, challenge__cohort=seventh, sent_at__isnull=False)
    # Every answer is an entry of the history, after the first one the team noted.
    challenge = seventh.challenges.order_by("title").first()
    assert challenge.sustainments.count() == 3
    assert challenge.sustainments.filter(follow_up__isnull=False).count() == 2
    assert all(
        entry.since >= seventh.end_date
        for entry in Sustainment.objects.filter(challenge__cohort__in=[seventh, eighth])
    )
    fellows = Role.objects.filter(cohort__in=[seventh, eighth], kind="fellow").values("person")
    assert CareerStep.objects.filter(person__in=fellows).values("person").distinct().count() == (
        fellows.count()
    )
    assert AlumniProfile.objects.filter(path_public=True).exists()
    assert AlumniProfile.objects.filter(in_directory=True).exists()
    assert not OutboxMessage.objects.filter(subject__startswith="Que devient").exists()
    # The team's pages and the public ones read them.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="equipe"))
    page = client.get(f"/gestion/promotions/{seventh.pk}/fin-de-programme/").content.decode()
    assert page.count("6 mois : répondu") == 6 and page.count("24 mois : prévu") == 6
    assert client.get(f"/gestion/fin-de-programme/defis/{challenge.pk}/").status_code == 200
    client.logout()
    assert client.get("/promotions/promotion-7/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_demo_after_the_programme_is_deterministic():
    from django.core.management import call_command

    with time_machine.travel(NOW, tick=False):
        build_demo()
        first = fingerprint()
        call_command("flush", interactive=False, verbosity=0)
        build_demo()
        assert fingerprint() == first
