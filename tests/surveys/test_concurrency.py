"""Two tabs sending the same link at once, two clicks on "send": one of each (PostgreSQL,
whose row locks make the second wait for the first)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from cohorte.notifications.models import OutboxMessage
from cohorte.surveys import domain
from cohorte.surveys.models import Invitation, Response

from .conftest import NOW, make_survey, secrets_sent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL"),
]


def _race(work, times=2):
    outcomes, start = [], threading.Barrier(times)

    def run():
        start.wait()
        try:
            outcomes.append(work())
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_one_link_sent_twice_at_once_stores_one_response(cohort_world):
    survey = make_survey(cohort_world, kinds=["scale"])
    domain.send(survey, cohort_world.users["team"], NOW)
    secret = secrets_sent()["camille@example.org"]
    question = survey.questions.get()
    outcomes = _race(lambda: domain.answer(secret, {question.pk: 5}, NOW))
    assert sorted(type(o).__name__ for o in outcomes) == ["Response", "str"]
    assert "Vous avez déjà répondu à ce questionnaire." in outcomes
    assert Response.objects.count() == 1
    assert Invitation.objects.filter(answered=True).count() == 1


def test_two_clicks_on_send_at_once_send_once(cohort_world):
    survey = make_survey(cohort_world, kinds=["scale"])
    outcomes = _race(lambda: domain.send(survey, cohort_world.users["team"], NOW))
    assert sorted(map(str, outcomes)) == ["3", "Ce questionnaire est déjà envoyé."]
    assert Invitation.objects.count() == 3
    assert OutboxMessage.objects.count() == 3
